/** The server sanitises post HTML with the browser's policy (src/core/sanitize-policy.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPost } from '../src/domain/markdown.js';
import { sanitizeHtml } from '../src/domain/sanitize.js';

describe('server sanitising', () => {
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
