/**
 * The server sanitises post HTML with the same allow-list as the browser: the constants are copied in
 * server/src/domain/sanitize.ts, and this test reads src/core/sanitize.ts so that the copies cannot drift.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { renderPost } from '../src/domain/markdown.js';
import {
  ALLOWED_ATTR,
  ALLOWED_TAGS,
  ALLOWED_URI_REGEXP,
  sanitizeHtml,
} from '../src/domain/sanitize.js';
import { repoRoot } from '../src/paths.js';

const browserSource = readFileSync(path.join(repoRoot, 'src/core/sanitize.ts'), 'utf8');
const serverSource = readFileSync(path.join(repoRoot, 'server/src/domain/sanitize.ts'), 'utf8');

function arrayConstant(source: string, name: string): string[] {
  const match = new RegExp(`const ${name} = (\\[[^\\]]*\\])`).exec(source);
  assert.ok(match, `${name} is an array literal`);
  return JSON.parse(match[1]!.replace(/'/g, '"').replace(/,\s*\]/, ']')) as string[];
}

function regexpConstant(source: string, name: string): string {
  const match = new RegExp(`const ${name} = (/.+/[a-z]*);`).exec(source);
  assert.ok(match, `${name} is a regular expression literal`);
  return match[1]!;
}

describe('server sanitising', () => {
  it('uses the same allow-list as the browser', () => {
    assert.deepEqual(ALLOWED_TAGS, arrayConstant(browserSource, 'ALLOWED_TAGS'));
    assert.deepEqual(ALLOWED_ATTR, arrayConstant(browserSource, 'ALLOWED_ATTR'));
    assert.equal(String(ALLOWED_URI_REGEXP), regexpConstant(browserSource, 'ALLOWED_URI_REGEXP'));
    // The same link attributes and config flags, too.
    for (const snippet of [
      "node.setAttribute('rel', 'nofollow ugc noopener')",
      "node.setAttribute('target', '_blank')",
      "ALLOWED_ATTR: [...ALLOWED_ATTR, 'target', 'rel']",
      'ALLOW_DATA_ATTR: false',
      'ALLOW_ARIA_ATTR: false',
      'KEEP_CONTENT: true',
    ]) {
      assert.ok(browserSource.includes(snippet), `browser: ${snippet}`);
      assert.ok(serverSource.includes(snippet), `server: ${snippet}`);
    }
  });

  it('drops what is not allowed and keeps the text', async () => {
    assert.equal(
      await sanitizeHtml('<p onclick="x()">hi<script>alert(1)</script></p>'),
      '<p>hi</p>',
    );
    assert.equal(await sanitizeHtml('<img src=x onerror=alert(1)>ok'), 'ok');
    assert.equal(
      await sanitizeHtml('<a href="javascript:alert(1)">x</a>'),
      '<a rel="nofollow ugc noopener">x</a>',
    );
    assert.equal(
      await sanitizeHtml('<a href="https://a.example" style="color:red">x</a>'),
      '<a href="https://a.example" rel="nofollow ugc noopener" target="_blank">x</a>',
    );
    assert.equal(await sanitizeHtml('<h1>big</h1><style>*{}</style><svg><g/></svg>'), 'big');
  });

  it('renders Markdown at write time with raw HTML shown as text', async () => {
    assert.equal(await renderPost(''), '');
    assert.equal(
      await renderPost('**b** <b>x</b>'),
      '<p><strong>b</strong> &lt;b&gt;x&lt;/b&gt;</p>\n',
    );
    assert.equal(
      await renderPost('![t](https://img.example/x.png)'),
      '<p>t (<a href="https://img.example/x.png" rel="nofollow ugc noopener" target="_blank">https://img.example/x.png</a>)</p>\n',
    );
    assert.doesNotMatch(
      await renderPost('[x](javascript:alert(1)) <img src=x onerror=alert(1)>'),
      /<img|href="javascript/,
    );
  });
});
