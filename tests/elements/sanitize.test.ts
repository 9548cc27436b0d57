import { expect } from '@open-wc/testing';
import { sanitizeHtml } from '../../src/core/sanitize.js';
import { renderMarkdown } from '../../src/core/markdown.js';

describe('sanitizeHtml', () => {
  it('keeps the allowed formatting', () => {
    const html =
      '<p><strong>b</strong> <em>i</em> <code>c</code></p><ul><li>x</li></ul><blockquote>q</blockquote>';
    expect(sanitizeHtml(html)).to.equal(html);
  });

  it('drops scripts, handlers, styles, forms and frames but keeps their text', () => {
    const out = sanitizeHtml(
      '<p onclick="x()">hi<script>alert(1)</script><style>p{}</style><iframe src="//e"></iframe><form action="//e"><input name="n"></form><b>kept</b></p>',
    );
    expect(out).to.not.match(/script|onclick|style|iframe|form|input/i);
    expect(out).to.contain('hi');
    expect(out).to.contain('<b>kept</b>');
  });

  it('gives links rel="nofollow ugc noopener" and refuses dangerous URLs', () => {
    const out = sanitizeHtml(
      '<a href="https://example.com">ok</a><a href="javascript:alert(1)">js</a><a href="data:text/html,x">data</a><a href="//evil.example">pr</a>',
    );
    const doc = new DOMParser().parseFromString(out, 'text/html');
    const links = [...doc.querySelectorAll('a')];
    expect(links[0]!.getAttribute('href')).to.equal('https://example.com');
    expect(links[0]!.getAttribute('rel')).to.equal('nofollow ugc noopener');
    for (const a of links.slice(1)) expect(a.hasAttribute('href')).to.equal(false);
    expect(doc.body.textContent).to.equal('okjsdatapr');
  });

  it('shows no remote images (they would track readers)', () => {
    expect(sanitizeHtml('<img src="https://tracker.example/p.gif" alt="x">')).to.equal('');
    expect(sanitizeHtml('<svg><image href="https://t.example/x"></image></svg>')).to.equal('');
  });

  it('keeps Markdown-rendered posts intact, raw HTML shown as text', async () => {
    const html = await renderMarkdown('Hello <img src=x onerror=alert(1)> **there**');
    const out = sanitizeHtml(html);
    const doc = new DOMParser().parseFromString(out, 'text/html');
    expect(doc.body.textContent).to.contain('<img src=x onerror=alert(1)>');
    expect(doc.querySelector('img')).to.equal(null);
    expect(doc.querySelector('strong')!.textContent).to.equal('there');
  });
});
