import type { CatalogOf } from '../../../core/i18n.js';
import type en from './en.js';

/** German messages of the own-data actions in `<kith-badge>`'s profile. */
const de: CatalogOf<typeof en> = {
  'members.own.heading': 'Deine Daten',
  'members.own.staffHeading': 'Team',
  'members.own.download': 'Meine Daten herunterladen',
  'members.own.downloading': 'Deine Daten werden vorbereitet …',
  'members.own.downloaded': 'Deine Daten wurden als {file} gespeichert.',
  'members.own.downloadFailed': 'Deine Daten konnten nicht heruntergeladen werden.',
  'members.own.erase': 'Mein Konto löschen …',
  'members.own.eraseOther': 'Dieses Mitglied löschen …',
  'members.own.confirmHeading': 'Dein Konto löschen?',
  'members.own.confirmHeadingOther': '{name} löschen?',
  'members.own.consequences':
    'Dein Name, dein Avatar, deine Abos, Benachrichtigungen und Meldungen werden gelöscht. Deine Fragen, Antworten, Ideen, Kommentare, Bewertungen und Stimmen bleiben, angezeigt als von „Ein ehemaliges Mitglied“, damit alle Zahlen stimmen. Das lässt sich nicht rückgängig machen.',
  'members.own.consequencesOther':
    'Name, Avatar, Abos, Benachrichtigungen und Meldungen werden gelöscht. Fragen, Antworten, Ideen, Kommentare, Bewertungen und Stimmen bleiben, angezeigt als von „Ein ehemaliges Mitglied“, damit alle Zahlen stimmen. Das lässt sich nicht rückgängig machen.',
  'members.own.confirm': 'Mein Konto löschen',
  'members.own.confirmOther': 'Dieses Mitglied löschen',
  'members.own.cancel': 'Abbrechen',
  'members.own.erasing': 'Wird gelöscht …',
  'members.own.erased': 'Dein Konto wurde gelöscht.',
  'members.own.erasedOther': 'Dieses Mitglied wurde gelöscht.',
  'members.own.eraseFailed': 'Das Konto konnte nicht gelöscht werden.',
};

export default de;
