import type { CatalogOf } from '../../core/i18n.js';
import type en from './en.js';

/** German messages of the staff controls of `<kith-ideas>`. */
const de: CatalogOf<typeof en> = {
  'ideas.staff.heading': 'Team: Status und Duplikate',
  'ideas.staff.status': 'Status',
  'ideas.staff.response': 'Offizielle Antwort (optional)',
  'ideas.staff.submit': 'Status ändern',
  'ideas.staff.updated': 'Der Status ist jetzt {status}.',
  'ideas.merge.label': 'Mit dem Original zusammenführen: Titel suchen',
  'ideas.merge.choose': '„{title}“ wählen',
  'ideas.merge.confirm':
    'Diese Idee mit „{title}“ zusammenführen? Ihre Stimmen und Kommentare wandern dorthin.',
  'ideas.merge.submit': 'Zusammenführen',
  'ideas.merge.done': 'Mit „{title}“ zusammengeführt.',
  'ideas.merge.none': 'Keine andere Idee passt.',
  'form.cancel': 'Abbrechen',
};
export default de;
