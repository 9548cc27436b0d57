import type { CatalogOf } from '../../../core/i18n.js';
import type en from './en.js';

/** German messages of `<kith-badge>`'s profile popover. */
const de: CatalogOf<typeof en> = {
  'members.cause.questions': {
    one: 'Verdient mit {count} Frage',
    other: 'Verdient mit {count} Fragen',
  },
  'members.cause.answers': {
    one: 'Verdient mit {count} Antwort',
    other: 'Verdient mit {count} Antworten',
  },
  'members.cause.acceptedAnswers': {
    one: 'Verdient mit {count} akzeptierten Antwort',
    other: 'Verdient mit {count} akzeptierten Antworten',
  },
  'members.cause.ideas': { one: 'Verdient mit {count} Idee', other: 'Verdient mit {count} Ideen' },
  'members.cause.ideasShipped': {
    one: 'Verdient mit {count} umgesetzten Idee',
    other: 'Verdient mit {count} umgesetzten Ideen',
  },
  'members.cause.comments': {
    one: 'Verdient mit {count} Kommentar',
    other: 'Verdient mit {count} Kommentaren',
  },
  'members.cause.reviews': {
    one: 'Verdient mit {count} Bewertung',
    other: 'Verdient mit {count} Bewertungen',
  },
  'members.cause.helpfulVotes': {
    one: 'Verdient mit {count} „Hilfreich“-Stimme',
    other: 'Verdient mit {count} „Hilfreich“-Stimmen',
  },
  'members.cause.upvotes': {
    one: 'Verdient mit {count} positiven Stimme',
    other: 'Verdient mit {count} positiven Stimmen',
  },
  'members.cause.activeDays': {
    one: 'Verdient durch Mitwirken an {count} Tag',
    other: 'Verdient durch Mitwirken an {count} verschiedenen Tagen',
  },
  'members.cause.reputation': {
    one: 'Verdient mit {count} Reputationspunkt',
    other: 'Verdient mit {count} Reputationspunkten',
  },
  'members.cause.posts': {
    one: 'Verdient mit {count} Beitrag',
    other: 'Verdient mit {count} Beiträgen',
  },
  'members.cause.flagsAgainst': {
    one: 'Verdient mit {count} Meldung',
    other: 'Verdient mit {count} Meldungen',
  },
  'members.profile.close': 'Schließen',
  'members.profile.reputation': 'Reputation',
  'members.profile.trust': 'Vertrauen',
  'members.profile.joined': 'Mitglied seit',
  'members.profile.badges': 'Abzeichen',
  'members.profile.noBadges': 'Noch keine Abzeichen.',
  'members.profile.ties': 'Verbundenheit mit der Community',
  'members.profile.recent': 'Neueste Beiträge',
  'members.profile.noRecent': 'Noch nichts.',
  'members.tie.time': 'Zeit',
  'members.tie.intensity': 'Aktivität',
  'members.tie.trust': 'Vertrauen',
  'members.tie.reciprocity': 'Geben und Nehmen',
  'members.tie.timeSentence': 'Mitglied seit {tenure}, aktiv an {active}.',
  'members.tie.intensitySentence': {
    one: '{count} Interaktion pro Woche in den letzten vier Wochen.',
    other: '{count} Interaktionen pro Woche in den letzten vier Wochen.',
  },
  'members.tie.trustSentence': '{accepted} und {helpful} bei {contributions}.',
  'members.tie.reciprocitySentence': 'Hat anderen {given} geholfen, hat {received} Hilfe bekommen.',
  'members.days': { one: '{count} Tag', other: '{count} Tagen' },
  'members.acceptedAnswers': {
    one: '{count} akzeptierte Antwort',
    other: '{count} akzeptierte Antworten',
  },
  'members.helpfulVotes': {
    one: '{count} „Hilfreich“-Stimme',
    other: '{count} „Hilfreich“-Stimmen',
  },
  'members.contributions': { one: '{count} Beitrag', other: '{count} Beiträgen' },
  'members.times': { one: 'einmal', other: '{count}-mal' },
  'members.target.question': 'Frage',
  'members.target.answer': 'Antwort',
  'members.target.idea': 'Idee',
  'members.target.comment': 'Kommentar',
  'members.target.review': 'Bewertung',
};

export default de;
