/**
 * English messages of the member chip (`<kith-badge>`) and `<kith-leaderboard>`. What only the
 * profile popover says is in `profile/en.ts`, registered by the profile's chunk.
 */
const messages = {
  'members.missingMember': 'the member attribute is required: <kith-badge member="…">.',
  'members.invalidMember': 'the member attribute is not a member id (1–200 characters).',
  'members.trustLevel': 'Trust level {level}',
  'members.points': { one: '{count} point', other: '{count} points' },
  'members.badgeOfTier': '{tier} badge',
  'members.tier.gold': 'Gold',
  'members.tier.silver': 'Silver',
  'members.tier.bronze': 'Bronze',
  'members.badge.first-question': 'Curious',
  'members.badge.first-answer': 'First Answer',
  'members.badge.first-review': 'Reviewer',
  'members.badge.problem-solver': 'Problem Solver',
  'members.badge.helpful-reviewer': 'Helpful Reviewer',
  'members.badge.visionary': 'Visionary',
  'members.badge.regular': 'Regular',
  'members.profile.label': 'Profile of {name}',
  'members.profile.loading': 'Loading the profile…',
  'members.profile.error': 'The profile could not be loaded.',
  'leaderboard.heading': 'Top helpers',
  'leaderboard.period': 'Period',
  'leaderboard.period.week': 'This week',
  'leaderboard.period.month': 'This month',
  'leaderboard.period.all': 'All time',
  'leaderboard.rank': 'Rank {rank}',
  'leaderboard.loading': 'Loading the leaderboard…',
  'leaderboard.error': 'The leaderboard could not be loaded.',
  'leaderboard.empty': 'Nobody has earned points in this period yet.',
} as const;

export default messages;
