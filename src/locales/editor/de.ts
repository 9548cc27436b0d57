import type { CatalogOf } from '../../core/i18n.js';
import type en from './en.js';

/** German messages of the Markdown editor. */
const de: CatalogOf<typeof en> = {
  'editor.write': 'Schreiben',
  'editor.preview': 'Vorschau',
  'editor.hint': 'Markdown: **fett**, _kursiv_, `Code`, [Links](https://…), Listen.',
  'editor.previewEmpty': 'Noch nichts für die Vorschau.',
  'editor.previewLoading': 'Vorschau wird erstellt…',
  'editor.count': '{count} von {max} Zeichen',
};
export default de;
