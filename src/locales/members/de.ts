import type { CatalogOf } from '../../core/i18n.js';
import type en from './en.js';

/** German messages of the member chip and `<kith-leaderboard>` (the profile's: `profile/de.ts`). */
const de: CatalogOf<typeof en> = {
  'members.missingMember': 'das Attribut member fehlt: <kith-badge member="…">.',
  'members.invalidMember': 'das Attribut member ist keine Mitglieds-ID (1–200 Zeichen).',
  'members.trustLevel': 'Vertrauensstufe {level}',
  'members.points': { one: '{count} Punkt', other: '{count} Punkte' },
  'members.badgeOfTier': 'Abzeichen in {tier}',
  'members.tier.gold': 'Gold',
  'members.tier.silver': 'Silber',
  'members.tier.bronze': 'Bronze',
  'members.badge.first-question': 'Neugierig',
  'members.badge.first-answer': 'Erste Antwort',
  'members.badge.first-review': 'Rezensent',
  'members.badge.problem-solver': 'Problemlöser',
  'members.badge.helpful-reviewer': 'Hilfreiche Rezensionen',
  'members.badge.visionary': 'Visionär',
  'members.badge.regular': 'Stammgast',
  'members.profile.label': 'Profil von {name}',
  'members.profile.loading': 'Profil wird geladen …',
  'members.profile.error': 'Das Profil konnte nicht geladen werden.',
  'leaderboard.heading': 'Die hilfreichsten Mitglieder',
  'leaderboard.period': 'Zeitraum',
  'leaderboard.period.week': 'Diese Woche',
  'leaderboard.period.month': 'Diesen Monat',
  'leaderboard.period.all': 'Gesamt',
  'leaderboard.rank': 'Platz {rank}',
  'leaderboard.loading': 'Rangliste wird geladen …',
  'leaderboard.error': 'Die Rangliste konnte nicht geladen werden.',
  'leaderboard.empty': 'In diesem Zeitraum hat noch niemand Punkte gesammelt.',
};

export default de;
