import type { CatalogOf } from '../../core/i18n.js';
import type en from './en.js';

/** German messages of the Atom feed link. */
const de: CatalogOf<typeof en> = {
  'feed.link': 'Per Atom-Feed abonnieren',
};
export default de;
