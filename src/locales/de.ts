import type { Catalog } from '../core/i18n.js';

/** German messages of the core (see `en.ts`). */
const de: Catalog = {
  'signIn.link': 'Anmelden',
  'vote.score': { one: '{count} Stimme', other: '{count} Stimmen' },
  'role.staff': 'Team',
  'role.moderator': 'Moderation',
  'role.expert': 'Experte',
  'member.former': 'Ein ehemaliges Mitglied',
  'form.tooLong': 'Höchstens {max} Zeichen.',
  'form.posting': 'Wird veröffentlicht…',
  'form.draftKept': 'Ihr Text bleibt als Entwurf erhalten.',
  'post.linksAsText':
    'Ihre Links und Bilder wurden als Text veröffentlicht. Sie funktionieren, sobald Sie sich etwas mehr beteiligt haben.',
  'action.retry': 'Erneut versuchen',
  'error.network': 'Der Community-Server ist nicht erreichbar.',
  'error.unauthorized': 'Bitte melden Sie sich dafür an.',
  'error.expired':
    'Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an; Ihr Text bleibt erhalten.',
  'error.forbidden': 'Das dürfen Sie nicht.',
  'error.not-found': 'Das wurde nicht gefunden. Vielleicht wurde es entfernt.',
  'error.validation': 'Bitte prüfen Sie Ihre Eingaben.',
  'error.rate-limited':
    'Zu viele Anfragen. Bitte warten Sie {seconds} Sekunden und versuchen Sie es erneut.',
  'error.conflict': 'Das hat sich inzwischen geändert. Bitte versuchen Sie es erneut.',
  'error.unsupported': 'Dieses Community-Backend unterstützt das noch nicht.',
  'error.config': 'Kith ist nicht richtig eingerichtet: {message}',
  'error.vote': 'Ihre Stimme wurde nicht gespeichert. {reason}',
  'moderation.report': 'Melden',
  'moderation.hide': 'Ausblenden',
  'time.justNow': 'gerade eben',
};
export default de;
