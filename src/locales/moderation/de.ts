import type { CatalogOf } from '../../core/i18n.js';
import type en from './en.js';

/** German messages of the report and hide forms. */
const de: CatalogOf<typeof en> = {
  'moderation.flag.label': 'Warum melden Sie das?',
  'moderation.flag.spam': 'Spam oder Werbung',
  'moderation.flag.offensive': 'Beleidigend oder missbräuchlich',
  'moderation.flag.off-topic': 'Nicht zum Thema',
  'moderation.flag.other': 'Etwas anderes',
  'moderation.flag.submit': 'Meldung senden',
  'moderation.flag.done': 'Gemeldet. Danke, unser Team sieht es sich an.',
  'moderation.hide.reason': 'Grund für das Ausblenden (wird protokolliert)',
  'moderation.hide.submit': 'Ausblenden',
  'moderation.hide.done': 'Es wurde ausgeblendet.',
  'moderation.hide.required': 'Geben Sie einen Grund an.',
  'moderation.cancel': 'Abbrechen',
  'moderation.error.flag': 'Ihre Meldung wurde nicht gesendet. {reason}',
  'moderation.error.hide': 'Es wurde nicht ausgeblendet. {reason}',
};

export default de;
