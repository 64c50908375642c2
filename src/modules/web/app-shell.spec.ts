import { AppShell } from './app-shell';

const BUILT = `<!DOCTYPE html><html lang=en><head><title>Folio</title><meta charset=utf-8><meta name=description content="Folio — an open blog platform"><meta name="description" content="a > b"><link rel=icon href=/favicon.svg><link rel=alternate type=application/rss+xml title=RSS href=/rss.xml><script type=module crossorigin src=/assets/index-1.js></script></head><body><div id=q-app></div></body></html>`;

describe('AppShell', () => {
  it('replaces the build title, description and feed links, adds the head before </head>, the content in #q-app', () => {
    const html = AppShell.parse(BUILT.replace('<div id=q-app>', '<div id="q-app">'))?.render({
      head: '<title>Page</title>',
      body: '<h1>Page</h1>',
      lang: 'de',
    });
    expect(html).toBe(
      '<!DOCTYPE html><html lang="de"><head><meta charset=utf-8><link rel=icon href=/favicon.svg><script type=module crossorigin src=/assets/index-1.js></script><title>Page</title>\n</head><body><div id="q-app"><h1>Page</h1></div></body></html>',
    );
  });

  it('takes an index.html without </head>, and refuses one without the mount point', () => {
    const shell = AppShell.parse('<!doctype html><title>Folio</title><div id="q-app"></div>');
    expect(shell?.render({ head: '<title>T</title>', body: 'B', lang: 'de' })).toBe(
      '<!doctype html><title>T</title>\n<div id="q-app">B</div>',
    );
    expect(AppShell.parse('<!doctype html><body></body>')).toBeUndefined();
  });

  it("writes the page's language into an <html> tag without one, and escapes it", () => {
    const shell = AppShell.parse('<html class="a>b"><head></head><body><div id="q-app"></div>');
    expect(shell?.render({ head: '', body: '', lang: 'pt-BR' })).toBe(
      '<html lang="pt-BR" class="a>b"><head>\n</head><body><div id="q-app"></div>',
    );
    expect(shell?.render({ head: '', body: '', lang: '"x' })).toContain('<html lang="&quot;x"');
  });
});
