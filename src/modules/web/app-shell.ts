import { escapeHtml } from '../../common/html-escape';

/** The app's mount point as Quasar's build writes it into index.html (minified or not). */
const MOUNT_POINT = /<div id=["']?q-app["']?>\s*<\/div>/;
const TITLE = /<title>[\s\S]*?<\/title>\s*/i;
/** A meta tag, quoted values (which may hold `>`) and all. */
const META = /<meta\s(?:[^>"']|"[^"]*"|'[^']*')*>\s*/gi;
const NAMED_DESCRIPTION = /\sname\s*=\s*["']?description["'\s/>]/i;
/** A link tag, and whether it names a feed (`rel=alternate`): the page's own feeds replace the build's. */
const LINK = /<link\s(?:[^>"']|"[^"]*"|'[^']*')*>\s*/gi;
const ALTERNATE = /\srel\s*=\s*["']?alternate["'\s/>]/i;
const HEAD_END = /<\/head>|<body[\s>]/i;
/** The `<html>` tag, and the `lang` attribute in it. */
const HTML_TAG = /<html(?=[\s>])(?:[^>"']|"[^"]*"|'[^']*')*>/i;
const LANG = /\slang\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/i;

/**
 * What a page puts into the shell: tags for its head, content for readers without JavaScript, and the
 * language they are in (the `<html lang>`; the web app sets its own once it runs).
 */
export interface ShellPage {
  head: string;
  body: string;
  lang: string;
}

/**
 * The built index.html, read once, into which a page's head and content go. The build's own `<title>`,
 * meta description and feed links (the site's feed, for pages the server does not render) are taken
 * out, so the page's are the only ones.
 *
 * The content goes inside the app's mount point `<div id="q-app">`, not in `<noscript>`: a reader
 * without JavaScript (a crawler, a link preview, a text browser) reads it as the page's own content,
 * and with JavaScript Vue's mount empties the element before rendering the app into it (Quasar's
 * client entry mounts on #q-app, which is not hydration), so nothing shows twice. `<noscript>` content
 * would be text, not elements, to a browser that runs scripts, and some crawlers give it less weight.
 */
export class AppShell {
  private constructor(
    private readonly head: string,
    private readonly middle: string,
    private readonly tail: string,
  ) {}

  /** The shell of a built index.html, or undefined when it has no empty `<div id="q-app">`. */
  static parse(html: string): AppShell | undefined {
    const mount = MOUNT_POINT.exec(html);
    if (!mount) return undefined;
    // An index.html may leave out </head> and <body>: the head then ends at the mount point.
    const found = HEAD_END.exec(html);
    const headEnd = found && found.index < mount.index ? found.index : mount.index;
    const head = html
      .slice(0, headEnd)
      .replace(TITLE, '')
      .replace(META, (tag) => (NAMED_DESCRIPTION.test(tag) ? '' : tag))
      .replace(LINK, (tag) => (ALTERNATE.test(tag) ? '' : tag));
    return new AppShell(
      head,
      html.slice(headEnd, mount.index),
      html.slice(mount.index + mount[0].length),
    );
  }

  render(page: ShellPage): string {
    const head = this.head.replace(HTML_TAG, (tag) => {
      const lang = ` lang="${escapeHtml(page.lang)}"`;
      return LANG.test(tag) ? tag.replace(LANG, lang) : tag.replace(/^<html/i, `<html${lang}`);
    });
    return `${head}${page.head}\n${this.middle}<div id="q-app">${page.body}</div>${this.tail}`;
  }
}
