import { renderMarkdown } from './server-markdown';

describe('renderMarkdown on the server', () => {
  it('renders GitHub-flavoured markdown', () => {
    const html = renderMarkdown(
      '# Hello world\n\nSome *text* and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    );
    // The article's title is the page's h1: the body's headings start at h2.
    expect(html).toContain('<h2 id="hello-world">Hello world</h2>');
    // An id that would shadow a property of the page's document (DOM clobbering) is dropped.
    expect(renderMarkdown('# Title')).toBe('<h2>Title</h2>\n');
    expect(html).toContain('<em>text</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<table>');
  });

  it('drops scripts, handlers and javascript: links', () => {
    const html = renderMarkdown(
      'Hi <script>alert(1)</script><img src="x" onerror="alert(2)"> [x](javascript:alert(3))',
    );
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
    expect(html).toContain('<img src="x">');
  });

  it('drops styles and forms: no overlay over the page, no look-alike sign-in form', () => {
    const html = renderMarkdown(
      [
        '<a href="/x" style="position:fixed;inset:0;z-index:99999">Session expired</a>',
        '<style>body{display:none}</style>',
        '<form action="https://evil.example"><input type="password" name="p"><button>Sign in</button>',
        '<textarea>t</textarea><select><option>o</option></select></form>',
      ].join(''),
    );
    expect(html).not.toMatch(/style|<form|<input|<button|<textarea|<select|<option/i);
    expect(html).toContain('<a href="/x">Session expired</a>');
  });

  it('opens links to other sites without an opener or referrer', () => {
    expect(renderMarkdown('[site](https://example.com)')).toContain(
      '<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">site</a>',
    );
    expect(renderMarkdown('[here](/article/a)')).toBe('<p><a href="/article/a">here</a></p>\n');
  });

  it('gives headings ids to link to: unique, never the page’s own (main), in any script', () => {
    const html = renderMarkdown(
      ['## Notes', '## Notes', '# Main', '### Почва и *свет*', '####### seven'].join('\n\n'),
    );
    expect(html).toContain('<h3 id="notes">Notes</h3>');
    expect(html).toContain('<h3 id="notes-1">Notes</h3>');
    expect(html).toContain('<h2 id="main-1">Main</h2>');
    expect(html).toContain('<h4 id="почва-и-свет">Почва и <em>свет</em></h4>');
    expect(renderMarkdown('###### Six')).toContain('<h6 id="six">Six</h6>');
    // A link to a heading resolves in a feed against the article's address.
    expect(renderMarkdown('[see](#notes)', { baseUrl: 'https://blog.example.com/article/a' })).toBe(
      '<p><a href="https://blog.example.com/article/a#notes">see</a></p>\n',
    );
  });

  it('moves headings down a level only when the body uses `#`: `##` sections stay h2, as written', () => {
    // Most writers give sections `##` (Ghost, GitHub): the page goes h1 (the title), h2, h3.
    expect(renderMarkdown('## Day one\n\n### Morning')).toBe(
      '<h2 id="day-one">Day one</h2>\n<h3 id="morning">Morning</h3>\n',
    );
    // A `#` anywhere (in a quote too) would be a second h1: then every heading moves down one.
    expect(renderMarkdown('## Day one\n\n> # Quoted')).toContain('<h3 id="day-one">Day one</h3>');
    // Each render on its own: the next body is not moved by the last one's `#`.
    renderMarkdown('# Big');
    expect(renderMarkdown('## Small')).toBe('<h2 id="small">Small</h2>\n');
  });

  it('keeps the blog’s own absolute links in the tab and followed', () => {
    const own = '[tag](https://blog.example.com/tag/x)';
    expect(renderMarkdown(own, { siteOrigin: 'https://blog.example.com' })).toBe(
      '<p><a href="https://blog.example.com/tag/x">tag</a></p>\n',
    );
    // In a feed, the article's own address names the site.
    expect(renderMarkdown(own, { baseUrl: 'https://blog.example.com/article/a' })).not.toContain(
      'nofollow',
    );
    expect(renderMarkdown(own, { siteOrigin: 'https://other.example.com' })).toContain(
      'rel="noopener noreferrer nofollow" target="_blank"',
    );
  });

  it('shows a task list’s boxes, ticked or not, without any input element', () => {
    const html = renderMarkdown('- [x] done\n- [ ] to do');
    expect(html).toContain('☑ done');
    expect(html).toContain('☐ to do');
    expect(html).not.toContain('<input');
  });

  it('gives the same HTML for the same source from its cache, and renders a changed source anew', () => {
    const first = renderMarkdown('cached *once*');
    expect(renderMarkdown('cached *once*')).toBe(first);
    expect(renderMarkdown('cached *twice*')).toBe('<p>cached <em>twice</em></p>\n');
  });
});

describe('the server renderer loads jsdom and highlight.js', () => {
  it('on its first render, not when the module is imported', () => {
    jest.isolateModules(() => {
      const loaded: string[] = [];
      for (const name of ['jsdom', 'highlight.js/lib/common']) {
        jest.doMock(name, () => {
          loaded.push(name);
          return jest.requireActual<object>(name);
        });
      }
      const isolated = jest.requireActual<typeof import('./server-markdown')>('./server-markdown');
      expect(loaded).toEqual([]);
      expect(isolated.renderMarkdown('<b>x</b><script>y</script>')).toBe('<p><b>x</b></p>\n');
      expect(loaded.sort()).toEqual(['highlight.js/lib/common', 'jsdom']);
    });
  });
});

describe('classes and ids an article may not borrow from the page', () => {
  it("drops the site's own classes (a link over the whole page), keeps the renderer's", () => {
    const html = renderMarkdown(
      '<a href="https://evil.example/login" class="fixed-full z-max bg-white">Session expired</a>',
    );
    expect(html).toContain('<a href="https://evil.example/login" rel=');
    expect(html).not.toMatch(/class=|fixed-full|z-max/);
    expect(renderMarkdown('<span class="hljs-keyword fixed-full">x</span>')).toBe(
      '<p><span class="hljs-keyword">x</span></p>\n',
    );
  });

  it("drops an id of the page's own written in raw HTML", () => {
    expect(renderMarkdown('<div id="main">x</div><p id="q-app">y</p>')).toBe(
      '<div>x</div><p>y</p>',
    );
  });

  it("gives a heading named like a footnote another id than the note's", () => {
    const html = renderMarkdown('## Footnote 1\n\nSee[^1].\n\n[^1]: The note.');
    expect(html).toContain('<h2 id="section-footnote-1">Footnote 1</h2>');
    expect(html.match(/id="footnote-1"/g)).toHaveLength(1);
  });
});

describe('code blocks and footnotes', () => {
  it('colours a code block by its language, and leaves one without a known language plain', () => {
    const ts = renderMarkdown('```ts\nconst answer: number = 42;\n```');
    expect(ts).toContain('<pre><code class="hljs language-ts">');
    expect(ts).toContain('<span class="hljs-keyword">const</span>');
    expect(ts).toContain('<span class="hljs-number">42</span>');
    expect(renderMarkdown('```\nconst x = 1;\n```')).toBe(
      '<pre><code class="hljs">const x = 1;\n</code></pre>',
    );
    expect(renderMarkdown('```klingon\nqapla <b>x</b>\n```')).toBe(
      '<pre><code class="hljs language-klingon">qapla &lt;b&gt;x&lt;/b&gt;\n</code></pre>',
    );
  });

  it('keeps markup in a coloured code block text, never elements', () => {
    const html = renderMarkdown(
      '```html\n<script>alert(1)</script><img src=x onerror=alert(2)>\n```',
    );
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;<span class="hljs-name">script</span>&gt;');
  });

  it('writes footnotes as GitHub does: numbered references, the notes at the end, links back', () => {
    const html = renderMarkdown(
      'Claim[^source] and another[^2].\n\n[^source]: Where.\n[^2]: Also.',
    );
    expect(html).toContain(
      '<sup><a id="footnote-ref-source" href="#footnote-source" data-footnote-ref="" aria-describedby="footnote-label">1</a></sup>',
    );
    expect(html).toMatch(/<section class="footnotes" data-footnotes="">/);
    expect(html).toContain('<li id="footnote-source">');
    expect(html).toMatch(/<p>Where\. <a href="#footnote-ref-source" data-footnote-backref=""/);
    // The next article starts without the last one's notes.
    expect(renderMarkdown('No notes here.')).toBe('<p>No notes here.</p>\n');
  });

  it("labels the notes for screen readers in the words given (the articles' language), English by default", () => {
    const source = 'Claim[^1].\n\n[^1]: Where.';
    const russian = { heading: 'Примечания', backToReference: 'Вернуться к ссылке {0}' };
    const english = renderMarkdown(source);
    expect(english).toContain('<h2 id="footnote-label" class="sr-only">Footnotes</h2>');
    expect(english).toContain('aria-label="Back to reference 1"');
    const translated = renderMarkdown(source, { footnotes: russian });
    expect(translated).toContain('<h2 id="footnote-label" class="sr-only">Примечания</h2>');
    expect(translated).toContain('aria-label="Вернуться к ссылке 1"');
    // Each wording its own render, the same source kept apart.
    expect(renderMarkdown(source)).toBe(english);
  });
});
