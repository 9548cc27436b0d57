import type { CatalogOf } from '../../core/i18n.js';
import type en from './en.js';

/** German messages of `<kith-inbox>`. */
const de: CatalogOf<typeof en> = {
  'inbox.bell': {
    zero: 'Benachrichtigungen',
    one: 'Benachrichtigungen, {count} ungelesen',
    other: 'Benachrichtigungen, {count} ungelesen',
  },
  'inbox.signIn': 'Benachrichtigungen: melden Sie sich an, um Ihre zu sehen',
  'inbox.heading': 'Benachrichtigungen',
  'inbox.close': 'Schließen',
  'inbox.markAllRead': 'Alle als gelesen markieren',
  'inbox.markedAllRead': 'Alle Benachrichtigungen sind als gelesen markiert.',
  'inbox.markFailed': 'Konnte nicht als gelesen markiert werden. {reason}',
  'inbox.new': 'Neu',
  'inbox.loading': 'Benachrichtigungen werden geladen …',
  'inbox.error': 'Ihre Benachrichtigungen konnten nicht geladen werden.',
  'inbox.empty':
    'Nichts Neues. Antworten auf Ihre Fragen, Rückmeldungen und Abzeichen erscheinen hier.',
  'inbox.more': 'Mehr anzeigen',
  'inbox.moreFailed': 'Weitere Benachrichtigungen konnten nicht geladen werden. {reason}',
  'inbox.announceNew': {
    one: '{count} neue Benachrichtigung',
    other: '{count} neue Benachrichtigungen',
  },
  'inbox.someone': 'Jemand',
  'inbox.kind.answer.posted': '{actor} hat geantwortet',
  'inbox.kind.answer.accepted': '{actor} hat Ihre Antwort akzeptiert',
  'inbox.kind.question.escalated': 'Ihre Frage wurde an das Support-Team weitergegeben',
  'inbox.kind.idea.status-changed': '{actor} hat den Status geändert',
  'inbox.kind.idea.commented': '{actor} hat kommentiert',
  'inbox.kind.review.replied': '{actor} hat auf Ihre Bewertung geantwortet',
  'inbox.kind.badge.awarded': 'Sie haben ein Abzeichen erhalten',
  'inbox.kind.member.warned': 'Eine Moderatorin oder ein Moderator hat Sie verwarnt',
  'inbox.kind.member.suspended': 'Ihr Konto wurde von der Moderation vorübergehend gesperrt',
  'inbox.kind.other': 'Neuigkeit',
};

export default de;
