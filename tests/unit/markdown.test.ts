/// <reference types="node" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { escapeHtml, renderMarkdown, renderWithoutLinks } from '../../src/core/markdown.js';
import { ALLOWED_TAGS as SANITIZE_POLICY_TAGS } from '../../src/core/sanitize-policy.js';

/** Every tag in the output, with its attribute text. */
function tags(html: string): { name: string; attributes: string }[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attributes: m[2]!,
  }));
}

/** The values of every `href` attribute, as the browser reads them (references resolved). */
function hrefs(html: string): string[] {
  return tags(html).flatMap(({ attributes }) =>
    [...attributes.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) =>
      m[1]!
        .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
        .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    ),
  );
}

const ALLOWED_TAGS = new Set(SANITIZE_POLICY_TAGS);

/** What every rendering must satisfy, whatever went in. */
function assertHarmless(html: string, source: string): void {
  const context = `source: ${JSON.stringify(source)}\noutput: ${JSON.stringify(html)}`;
  assert.doesNotMatch(html, /<script/i, context);
  assert.doesNotMatch(html, /<img/i, context);
  for (const { name, attributes } of tags(html)) {
    assert.ok(ALLOWED_TAGS.has(name), `unexpected <${name}>\n${context}`);
    assert.doesNotMatch(attributes, /(^|[\s"'/])on\w+\s*=/i, `event handler attribute\n${context}`);
    assert.doesNotMatch(attributes, /\b(src|style|srcset|formaction|action)\s*=/i, context);
  }
  for (const href of hrefs(html)) {
    const squeezed = href.replace(/[\u0000-\u0020\u007f-\u00a0\u2028\u2029]/g, '').toLowerCase();
    assert.ok(!/^(javascript|vbscript|data):/.test(squeezed), `dangerous href ${href}\n${context}`);
    assert.match(
      squeezed,
      /^(https?:|mailto:|[/#?.]|[^:]*([/?#]|$))/,
      `unexpected href ${href}\n${context}`,
    );
  }
}

async function render(source: string): Promise<string> {
  const html = await renderMarkdown(source);
  assertHarmless(html, source);
  return html;
}

describe('renderMarkdown: Markdown', () => {
  it('renders emphasis, strong, strikethrough and code', async () => {
    assert.equal(
      await render('*em* **strong** ~~gone~~ `a < b`'),
      '<p><em>em</em> <strong>strong</strong> <del>gone</del> <code>a &lt; b</code></p>\n',
    );
    assert.equal(
      await render('```js\nif (a < b) alert("x");\n```'),
      '<pre><code class="language-js">if (a &lt; b) alert(&quot;x&quot;);\n</code></pre>\n',
    );
  });

  it('renders lists, quotes and tables', async () => {
    assert.equal(await render('- one\n- two'), '<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
    assert.equal(
      await render('3. three\n4. four'),
      '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n',
    );
    assert.equal(await render('> quoted'), '<blockquote>\n<p>quoted</p>\n</blockquote>\n');
    const table = await render('| a | b |\n|---|---|\n| 1 | 2 |');
    assert.match(table, /<table>[\s\S]*<th>a<\/th>[\s\S]*<td>2<\/td>/);
  });

  it('breaks lines like GitHub comments', async () => {
    assert.equal(await render('first\nsecond'), '<p>first<br>second</p>\n');
  });

  it('moves headings down two levels', async () => {
    assert.equal(
      await render('# One\n## Two\n#### Four'),
      '<h3>One</h3>\n<h4>Two</h4>\n<h6>Four</h6>\n',
    );
  });

  it('renders safe links with rel, and autolinks', async () => {
    assert.equal(
      await render('[docs](https://example.com/a?b=1&c=2 "The docs")'),
      '<p><a href="https://example.com/a?b=1&amp;c=2" title="The docs" rel="nofollow ugc noopener">docs</a></p>\n',
    );
    const html = await render(
      '[rel](/help) [frag](#top) [mail](mailto:help@example.com) www.example.com <https://x.example/> me@example.com',
    );
    assert.deepEqual(hrefs(html), [
      '/help',
      '#top',
      'mailto:help@example.com',
      'http://www.example.com',
      'https://x.example/',
      'mailto:me@example.com',
    ]);
    assert.equal(html.match(/rel="nofollow ugc noopener"/g)?.length, 6);
  });

  it('keeps character references in text and escapes stray ampersands', async () => {
    assert.equal(await render('AT&T &copy; \\<b>'), '<p>AT&amp;T &copy; &lt;b&gt;</p>\n');
  });

  it('loads marked once and leaves the global instance alone', async () => {
    const results = await Promise.all([renderMarkdown('<i>a</i>'), renderMarkdown('<i>b</i>')]);
    assert.deepEqual(results, ['<p>&lt;i&gt;a&lt;/i&gt;</p>\n', '<p>&lt;i&gt;b&lt;/i&gt;</p>\n']);
    const { marked } = await import('marked');
    assert.equal(marked.parse('<i>raw</i>', { async: false }), '<p><i>raw</i></p>\n');
  });
});

describe('renderMarkdown: raw HTML is shown as text', () => {
  it('escapes an HTML block', async () => {
    assert.equal(
      await render('<script>alert(1)</script>'),
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    );
    assert.equal(
      await render('<div onclick="x()">\nline\n</div>'),
      '<p>&lt;div onclick=&quot;x()&quot;&gt;<br>\nline<br>\n&lt;/div&gt;</p>\n',
    );
  });

  it('escapes inline tags and the text inside raw tags', async () => {
    assert.equal(await render('Hi <b>there</b>'), '<p>Hi &lt;b&gt;there&lt;/b&gt;</p>\n');
    assert.equal(
      await render('x <code>1 < 2 & <img src=x onerror=alert(1)></code>'),
      '<p>x &lt;code&gt;1 &lt; 2 &amp; &lt;img src=x onerror=alert(1)&gt;&lt;/code&gt;</p>\n',
    );
    assert.equal(await render('<!-- hidden -->'), '<p>&lt;!-- hidden --&gt;</p>\n');
  });
});

describe('renderMarkdown: dangerous links become text', () => {
  const vectors = [
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '[x](<java script:alert(1)>)',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;avascript&colon;alert(1))',
    '[x](&#0000106&#0000097vascript:alert(1))',
    '[x](java&#x09;script:alert(1))',
    '[x](java&Tab;script:alert(1))',
    '[x](java&NewLine;script:alert(1))',
    '[x](\u0001javascript:alert(1))',
    '[x](java\u0003script:alert(1))',
    '[x](\u2028javascript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](file:///etc/passwd)',
    '<javascript:alert(1)>',
    '<JAVASCRIPT:alert(1)>',
    '[x][ref]\n\n[ref]: javascript:alert(1)',
    '[x][ref]\n\n[ref]: &#x6a;avascript:alert(1)',
  ];
  for (const source of vectors) {
    it(`does not link ${JSON.stringify(source)}`, async () => {
      const html = await render(source);
      assert.doesNotMatch(html, /<a\b/, html);
      assert.match(html, /\[x\]|alert/, 'the text is still shown');
    });
  }

  it('links percent-encoded colons as the harmless relative paths they are', async () => {
    assert.deepEqual(hrefs(await render('[x](javascript%3Aalert(1))')), ['javascript%3Aalert(1)']);
  });

  it('keeps the link text readable', async () => {
    assert.equal(
      await render('[click me](javascript:alert(1))'),
      '<p>[click me](javascript:alert(1))</p>\n',
    );
  });
});

describe('renderMarkdown: no images', () => {
  it('shows a remote image as its alt text and a plain link', async () => {
    const html = await render('![A chart](https://tracker.example/pixel.gif?u=1)');
    assert.doesNotMatch(html, /<img/);
    assert.equal(
      html,
      '<p>A chart (<a href="https://tracker.example/pixel.gif?u=1" rel="nofollow ugc noopener">https://tracker.example/pixel.gif?u=1</a>)</p>\n',
    );
  });

  it('handles images without alt, with dangerous sources, by reference and inside links', async () => {
    assert.doesNotMatch(await render('![](https://t.example/p.gif)'), /<img/);
    const unsafe = await render('![alt text](javascript:alert(1))');
    assert.equal(unsafe, '<p>alt text</p>\n');
    const ref = await render('![logo][l]\n\n[l]: https://t.example/logo.png');
    assert.match(ref, /logo \(<a href="https:\/\/t.example\/logo.png"/);
    const nested = await render('[![badge](https://t.example/b.svg)](https://example.com)');
    assert.equal(
      nested,
      '<p><a href="https://example.com" rel="nofollow ugc noopener">badge</a></p>\n',
    );
    assert.equal(
      tags(nested).filter((t) => t.name === 'a').length,
      2,
      'one link: its open and close tag',
    );
    assert.doesNotMatch(await render('<img src=x onerror=alert(1)>'), /<img/);
  });
});

describe('renderWithoutLinks: links and images as text (trust level 0)', () => {
  /** The HTML, checked harmless and free of links, and whether it says links were written as text. */
  async function asText(source: string): Promise<[string, boolean]> {
    const { html, notices } = await renderWithoutLinks(source);
    assertHarmless(html, source);
    assert.doesNotMatch(html, /<a[\s>]/, source);
    if (notices) assert.deepEqual(notices, ['links-as-text']);
    return [html, !!notices];
  }

  it('writes a link as its text and URL, an image as its alt text', async () => {
    assert.deepEqual(
      await asText(
        'See [the **guide**](https://shop.example/guide "Guide") and ![a cat](https://i.example/c.png).',
      ),
      ['<p>See the <strong>guide</strong> (https://shop.example/guide) and a cat.</p>\n', true],
    );
    assert.deepEqual(
      await asText('![  a  *big*\tcat ](https://i.example/c.png) ![](https://i.example/e.png)'),
      ['<p>a big cat </p>\n', true],
    );
    assert.deepEqual(await asText('[![badge](https://i.example/b.svg)](https://example.com)'), [
      '<p>badge (https://example.com)</p>\n',
      true,
    ]);
    assert.deepEqual(await asText('![logo][l] and [home][l]\n\n[l]: https://t.example/l.png'), [
      '<p>logo and home (https://t.example/l.png)</p>\n',
      true,
    ]);
    assert.deepEqual(await asText('[a & b](https://x.example/?a=1&b=2) ![<x> & "y"](https://i/)'), [
      '<p>a &amp; b (https://x.example/?a=1&amp;b=2) &lt;x&gt; &amp; &quot;y&quot;</p>\n',
      true,
    ]);
  });

  it('writes an autolink’s URL once, and a relative link’s URL not at all (as the server)', async () => {
    const [html, changed] = await asText(
      'Auto <https://auto.example/a>, www.bare.example, me@example.com, <mailto:a@b.example>, [https://same.example/](https://same.example/) and [rel](/help) [top](#top)',
    );
    assert.equal(
      html,
      '<p>Auto https://auto.example/a, www.bare.example, me@example.com, mailto:a@b.example, https://same.example/ and rel top (#top)</p>\n',
    );
    assert.ok(changed);
    assert.deepEqual(await asText('[ü](https://ü.example/ä)'), [
      '<p>ü (https://%C3%BC.example/%C3%A4)</p>\n',
      true,
    ]);
  });

  it('says nothing when there was no link or image to change', async () => {
    for (const source of [
      'Just **words** and <a href="https://raw.example">raw</a> <img src="https://raw.example/i.png">.',
      '[click me](javascript:alert(1))',
      '`[code](https://c.example/)` and \\[escaped](x)',
      '',
    ]) {
      const [html, changed] = await asText(source);
      assert.equal(changed, false, source);
      assert.equal(html, await renderMarkdown(source), 'the same as anyone’s');
    }
    const [unsafe, changed] = await asText('![alt text](javascript:alert(1))');
    assert.deepEqual([unsafe, changed], ['<p>alt text</p>\n', true]);
  });

  it('leaves later renders with their links', async () => {
    await asText('[a](https://a.example/)');
    assert.match(await render('[a](https://a.example/)'), /<a href="https:\/\/a\.example\/"/);
  });
});

describe('renderMarkdown: DOMPurify fixtures', () => {
  // A few of cure53/DOMPurify's test fixtures (test/fixtures/expect.mjs), as Markdown bodies.
  const fixtures = [
    "123<a href='\u2028javascript:alert(1)'>I am a dolphin!</a>",
    "<img src='javascript:while(1){}'>",
    '<a href=data:,evilnastystuff>clickme</a>',
    '<textarea>@shafigullin</textarea><!--</textarea><img src=x onerror=alert(1)>-->',
    '<a href="\u0001java\u0003script:alert(1)">@shafigullin<a>',
    '<option><iframe></select><b><script>alert(1)</script>',
    '<a href="javascript:123" onclick="alert(1)">CLICK ME (bypass by @shafigullin)</a>',
    '<div id="37"><!--<img src="--><img src=x onerror=alert(37)//">//["\'`-->]]>]</div>',
    '<div id="42"><head><base href="javascript://"/></head><body><a href="/. /,alert(42)//#">XXX</a></body>//["\'`-->]]>]</div>',
    '<div id="57"><b <script>alert(57)//</script>0</script></b>//["\'`-->]]>]</div>',
    '<svg></p><textarea><title><style></textarea><img src=x onerror=alert(1)></style></title></svg>',
    '<svg><p><style><g title="</style><img src=x onerror=alert(1)>">',
    '<math><mtext><table><mglyph><style><math href=javascript:alert(1)>CLICKME</math>',
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
    '<form><button formaction="javascript:alert(72)">X</button>',
  ];
  for (const payload of fixtures) {
    it(`renders ${JSON.stringify(payload.slice(0, 60))} harmlessly, as text`, async () => {
      for (const source of [payload, `Some text\n\n${payload}\n\nmore *text*`, `- ${payload}`]) {
        const html = await render(source);
        assert.doesNotMatch(html, /<[^>]*\son\w+=/i, 'no event handler attribute');
        assert.ok(
          !hrefs(html).some((h) => /javascript:/i.test(h.replace(/[\s\u0000-\u001f]/g, ''))),
        );
        assert.match(html, /&lt;/, 'the markup is shown, not dropped');
      }
    });
  }
});

describe('escapeHtml', () => {
  it('escapes the five special characters, ampersands always', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&amp;</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    assert.equal(escapeHtml('plain'), 'plain');
  });
});
