import type { CatalogOf } from '../../core/i18n.js';
import type en from './en.js';

/** German messages of the star pieces. */
const de: CatalogOf<typeof en> = {
  'stars.label': 'Bewertung',
  'stars.option': { one: '{count} von 5 Sternen', other: '{count} von 5 Sternen' },
  'stars.rated': 'Mit {average} von 5 bewertet',
  'stars.ratedCount': {
    zero: 'Noch nicht bewertet',
    one: 'Mit {average} von 5 bewertet, {count} Bewertung',
    other: 'Mit {average} von 5 bewertet, {count} Bewertungen',
  },
  'stars.required': 'Wählen Sie eine Bewertung von 1 bis 5 Sternen.',
};

export default de;
