import { renderMarkdown } from './server-markdown';

describe('renderMarkdown on the server', () => {
  it('renders GitHub-flavoured markdown', () => {
    const html = renderMarkdown(
      '# Title\n\nSome *text* and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    );
    expect(html).toContain('<h1>Title</h1>');
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

  it('gives the same HTML for the same source from its cache, and renders a changed source anew', () => {
    const first = renderMarkdown('cached *once*');
    expect(renderMarkdown('cached *once*')).toBe(first);
    expect(renderMarkdown('cached *twice*')).toBe('<p>cached <em>twice</em></p>\n');
  });
});

describe('the server renderer loads jsdom', () => {
  it('on its first render, not when the module is imported', () => {
    jest.isolateModules(() => {
      let loaded = false;
      jest.doMock('jsdom', () => {
        loaded = true;
        return jest.requireActual<object>('jsdom');
      });
      const isolated = jest.requireActual<typeof import('./server-markdown')>('./server-markdown');
      expect(loaded).toBe(false);
      expect(isolated.renderMarkdown('<b>x</b><script>y</script>')).toBe('<p><b>x</b></p>\n');
      expect(loaded).toBe(true);
    });
  });
});
