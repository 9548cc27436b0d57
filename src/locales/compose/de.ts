import type { CatalogOf } from '../../core/i18n.js';
import type en from './en.js';

/** German messages of the compose forms' guidelines, guest fields and held-post thanks. */
const de: CatalogOf<typeof en> = {
  'compose.guidelines': 'Community-Richtlinien',
  'compose.guest.name': 'Ihr Name',
  'compose.guest.email': 'E-Mail (freiwillig, wird nie angezeigt)',
  'compose.guest.required': 'Geben Sie Ihren Namen ein.',
  'compose.guest.submit': 'Als Gast veröffentlichen',
  'compose.held': 'Danke — Ihr Beitrag erscheint, sobald ein Moderator ihn freigegeben hat.',
};
export default de;
