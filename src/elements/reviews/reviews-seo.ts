import { kithPolicy } from '../../core/trusted-types.js';
import type { RatingSummary, Review } from '../../core/types.js';

/**
 * The schema.org `Product` with its `AggregateRating` and the shown `Review`s, as search engines read
 * it: what the page shows, nothing more (hidden reviews are not in the list or the summary).
 */
export function reviewsJsonLd(o: {
  name: string;
  product: string;
  summary: RatingSummary;
  reviews: Review[];
}): Record<string, unknown> {
  const rating = (value: number) => ({
    '@type': 'Rating',
    ratingValue: value,
    bestRating: 5,
    worstRating: 1,
  });
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: o.name,
    sku: o.product,
    ...(o.summary.count > 0 && {
      aggregateRating: {
        '@type': 'AggregateRating',
        ratingValue: Math.round(o.summary.average * 10) / 10,
        reviewCount: o.summary.count,
        bestRating: 5,
        worstRating: 1,
      },
    }),
    ...(o.reviews.length > 0 && {
      review: o.reviews.map((r) => ({
        '@type': 'Review',
        ...(r.title && { name: r.title }),
        reviewBody: r.body,
        datePublished: r.createdAt.slice(0, 10),
        author: { '@type': 'Person', name: r.author.erased ? 'A former member' : r.author.name },
        reviewRating: { ...rating(r.rating) },
      })),
    }),
  };
}

/**
 * Writes `data` as the element's own `<script type="application/ld+json">` in the light DOM (search
 * engines don't read shadow roots), through the `kith` Trusted Types policy. Skipped, with the
 * policy's warning, where a host enforces Trusted Types without allowing `kith`.
 */
export function writeJsonLd(host: HTMLElement, data: unknown): void {
  // `<` escaped: the text can never close its script element, even when the page is serialised.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  let script = host.querySelector<HTMLScriptElement>(':scope > script[data-kith-seo]');
  if (script?.text === json) return;
  const trusted = (globalThis as { trustedTypes?: unknown }).trustedTypes ? kithPolicy() : null;
  if ((globalThis as { trustedTypes?: unknown }).trustedTypes && !trusted) return;
  if (!script) {
    script = document.createElement('script');
    script.type = 'application/ld+json';
    script.dataset.kithSeo = '';
    host.append(script);
  }
  (script as { text: unknown }).text = trusted ? trusted.createScript(json) : json;
}
