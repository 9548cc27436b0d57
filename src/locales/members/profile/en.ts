/**
 * English messages of `<kith-badge>`'s profile popover: how badges were earned, tie strength,
 * recent contributions, own data. Registered by the profile's chunk (`badge-profile.ts`).
 */
export default {
  'members.cause.questions': {
    one: 'Earned with {count} question',
    other: 'Earned with {count} questions',
  },
  'members.cause.answers': {
    one: 'Earned with {count} answer',
    other: 'Earned with {count} answers',
  },
  'members.cause.acceptedAnswers': {
    one: 'Earned with {count} accepted answer',
    other: 'Earned with {count} accepted answers',
  },
  'members.cause.ideas': { one: 'Earned with {count} idea', other: 'Earned with {count} ideas' },
  'members.cause.ideasShipped': {
    one: 'Earned with {count} shipped idea',
    other: 'Earned with {count} shipped ideas',
  },
  'members.cause.comments': {
    one: 'Earned with {count} comment',
    other: 'Earned with {count} comments',
  },
  'members.cause.reviews': {
    one: 'Earned with {count} review',
    other: 'Earned with {count} reviews',
  },
  'members.cause.helpfulVotes': {
    one: 'Earned with {count} helpful vote',
    other: 'Earned with {count} helpful votes',
  },
  'members.cause.upvotes': {
    one: 'Earned with {count} up vote',
    other: 'Earned with {count} up votes',
  },
  'members.cause.activeDays': {
    one: 'Earned by taking part on {count} day',
    other: 'Earned by taking part on {count} different days',
  },
  'members.cause.reputation': {
    one: 'Earned with {count} reputation point',
    other: 'Earned with {count} reputation points',
  },
  'members.cause.posts': { one: 'Earned with {count} post', other: 'Earned with {count} posts' },
  'members.cause.flagsAgainst': {
    one: 'Earned with {count} flag',
    other: 'Earned with {count} flags',
  },
  'members.profile.close': 'Close',
  'members.profile.reputation': 'Reputation',
  'members.profile.trust': 'Trust',
  'members.profile.joined': 'Member since',
  'members.profile.badges': 'Badges',
  'members.profile.noBadges': 'No badges yet.',
  'members.profile.ties': 'Ties to the community',
  'members.profile.recent': 'Recent contributions',
  'members.profile.noRecent': 'Nothing yet.',
  'members.tie.time': 'Time',
  'members.tie.intensity': 'Activity',
  'members.tie.trust': 'Trust',
  'members.tie.reciprocity': 'Give and take',
  'members.tie.timeSentence': 'Member for {tenure}, active on {active}.',
  'members.tie.intensitySentence': {
    one: '{count} interaction a week over the last four weeks.',
    other: '{count} interactions a week over the last four weeks.',
  },
  'members.tie.trustSentence': '{accepted} and {helpful} for {contributions}.',
  'members.tie.reciprocitySentence': 'Helped others {given}, helped by others {received}.',
  'members.days': { one: '{count} day', other: '{count} days' },
  'members.acceptedAnswers': { one: '{count} accepted answer', other: '{count} accepted answers' },
  'members.helpfulVotes': { one: '{count} helpful vote', other: '{count} helpful votes' },
  'members.contributions': { one: '{count} contribution', other: '{count} contributions' },
  'members.times': { one: '{count} time', other: '{count} times' },
  'members.target.question': 'Question',
  'members.target.answer': 'Answer',
  'members.target.idea': 'Idea',
  'members.target.comment': 'Comment',
  'members.target.review': 'Review',
} as const;
