import type { CatalogOf } from '../../core/i18n.js';
import type en from './en.js';

/** German messages of `<kith-qa>`'s opened question. */
const de: CatalogOf<typeof en> = {
  'qa.answer.heading': { one: '{count} Antwort', other: '{count} Antworten' },
  'qa.answers.none': 'Noch keine Antworten. Können Sie helfen?',
  'qa.answers.more': 'Weitere Antworten anzeigen',
  'qa.answeredAt': 'geantwortet',
  'qa.accept': 'Diese Antwort akzeptieren',
  'qa.unaccept': 'Akzeptanz zurücknehmen',
  'qa.accepted': 'Akzeptierte Antwort',
  'qa.acceptedAnnounce': 'Antwort akzeptiert.',
  'qa.unacceptedAnnounce': 'Akzeptanz zurückgenommen.',
  'qa.escalation.schedule':
    'Niemand hat rechtzeitig geantwortet, deshalb kümmert sich unser Support-Team darum.',
  'qa.escalation.asker': 'Die fragende Person hat unser Support-Team um Hilfe gebeten.',
  'qa.escalation.mine': 'Sie haben unser Support-Team um Hilfe gebeten.',
  'qa.escalation.staff': 'Unser Team hat diese Frage an das Support-Team übergeben.',
  'qa.escalation.resolved': 'Unser Support-Team hat diese Frage beantwortet.',
  'qa.escalate': 'Ich brauche noch Hilfe',
  'qa.escalate.note': 'Schickt Ihre Frage an unser Support-Team.',
  'qa.escalate.later': 'Noch keine Antwort? Sie können unser Support-Team {time} um Hilfe bitten.',
  'qa.escalate.sending': 'Wird gesendet…',
  'qa.escalate.done': 'Ihre Frage wurde an unser Support-Team geschickt.',
  'qa.follow': 'Dieser Frage folgen',
  'qa.followed': 'Sie folgen dieser Frage: Sie erfahren von neuen Antworten.',
  'qa.unfollowed': 'Sie folgen dieser Frage nicht mehr.',
  'vote.upName': 'Positiv bewerten, Wertung {score}',
  'vote.downName': 'Negativ bewerten, Wertung {score}',
  'error.accept': 'Die Antwort wurde nicht akzeptiert. {reason}',
  'error.escalate': 'Ihre Frage wurde nicht an den Support geschickt. {reason}',
  'error.follow': 'Das Folgen wurde nicht geändert. {reason}',
};
export default de;
