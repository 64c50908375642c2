import type { Config, DOMPurify } from 'dompurify';
import { Marked } from 'marked';
import markedFootnote from 'marked-footnote';
import { markedHighlight } from 'marked-highlight';

/**
 * Renders an author's markdown to HTML that is safe to put in any page, feed or head. With `baseUrl`
 * (the article's own address) every relative URL is made absolute from it: a feed reader has no page
 * to resolve `/media/…` or `#notes` from.
 */
export type RenderMarkdown = (source: string, options?: RenderOptions) => string;

export interface RenderOptions {
  /** The article's own address: relative URLs are made absolute from it (feeds). */
  baseUrl?: string;
  /** The blog's origin (`https://blog.example.com`); the base URL's origin when not given. */
  siteOrigin?: string;
  /** Colours a fenced code block that names its language (code-highlight.ts); without it, plain. */
  highlight?: CodeHighlighter;
  /** What screen readers hear of the footnotes, in the article's language; English when not given. */
  footnotes?: FootnoteWords;
}

/** The footnotes' hidden heading, and the label of a note's link back (`{0}`: the note's number). */
export interface FootnoteWords {
  heading: string;
  backToReference: string;
}

const ENGLISH_FOOTNOTES: FootnoteWords = {
  heading: 'Footnotes',
  backToReference: 'Back to reference {0}',
};

/** A code block's code as HTML, coloured for `language`, or undefined when it does not know it. */
export type CodeHighlighter = (code: string, language: string) => string | undefined;

/** Ids the page around an article uses: a heading never takes them (the skip link targets `main`). */
const RESERVED_IDS = new Set(['main', 'q-app']);

/** The footnotes' ids (`footnote-1`, `footnote-ref-1`, `footnote-label`): a heading's steps aside. */
const FOOTNOTE_ID = /^footnote-/;

/**
 * The classes an article's HTML may carry: those the renderer writes (highlight.js's `hljs-…` and
 * `language-…`, the footnotes'). Any other is dropped: the site's own classes (Quasar's `fixed-full`,
 * `z-max`) would let an article lay a link over the whole page as well as a style attribute would.
 */
const ALLOWED_CLASS =
  /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+|language_|function_|class_|footnotes|sr-only)$/;

/** A heading's id from its text, GitHub-like: lower case, letters and digits kept, the rest dashes. */
function headingSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/&[a-z0-9#]+;/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'section'
  );
}

function escapeCode(code: string): string {
  return code.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The attributes of the sanitizer's HTML profile that hold one URL; `srcset` holds several. */
const URL_ATTRIBUTES = ['href', 'src', 'poster', 'cite'];
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:/i;

function absolute(url: string, base: string): string {
  if (HAS_SCHEME.test(url)) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

function absoluteSrcset(srcset: string, base: string): string {
  return srcset
    .split(',')
    .map((candidate) => {
      const [url = '', ...descriptors] = candidate.trim().split(/\s+/);
      return [absolute(url, base), ...descriptors].join(' ');
    })
    .join(', ');
}

/**
 * What an article may not bring into the page, beyond what DOMPurify always drops: styles (a `<style>`
 * or a `style` attribute can hide the page or lay a link over all of it) and forms (a look-alike sign-in
 * form on the blog's own address), as GitHub strips them.
 */
export const SANITIZE_OPTIONS: Config & { RETURN_TRUSTED_TYPE?: false } = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'option', 'textarea'],
  FORBID_ATTR: ['style'],
};

/**
 * The one markdown renderer and sanitizer of Folio: the web app builds it on the browser's DOMPurify,
 * the server (feeds, server-rendered pages) on DOMPurify over jsdom, so an article reads the same in
 * each. marked renders GitHub-flavoured markdown, footnotes (`text[^1]` … `[^1]: note`, as GitHub
 * writes them) and code blocks coloured by language; DOMPurify then drops scripts, event handlers,
 * javascript: URLs, styles and forms, and links to other sites open without an opener or a referrer.
 */
export function createMarkdownRenderer(purify: DOMPurify): RenderMarkdown {
  // The render under way (it runs synchronously, start to end): its base, its site, its heading ids.
  let baseUrl: string | undefined;
  let siteOrigin: string | undefined;
  let highlight: CodeHighlighter | undefined;
  const headingIds = new Map<string, number>();
  // How far its headings move down: one when the body has a `#` (the page's h1 is the title), else none.
  let headingShift = 0;
  // One parser for each footnotes' wording (their plugin takes it once): one or two in a process.
  const parsers = new Map<string, Marked>();
  const parserFor = (words: FootnoteWords): Marked => {
    const key = `${words.heading}\0${words.backToReference}`;
    let parser = parsers.get(key);
    if (!parser) {
      parser = createParser(words);
      parsers.set(key, parser);
    }
    return parser;
  };
  const createParser = (words: FootnoteWords): Marked => {
    const marked = new Marked({ async: false, gfm: true, breaks: false });
    marked.use(
      markedHighlight({
        emptyLangClass: 'hljs',
        langPrefix: 'hljs language-',
        // A block without a language stays plain: guessing one costs time and often guesses wrong.
        highlight: (code, language) =>
          (language && highlight?.(code, language)) || escapeCode(code),
      }),
      markedFootnote({ description: words.heading, backRefLabel: words.backToReference }),
    );
    marked.use({
      // Before anything is rendered: every heading of the body, in quotes and lists too.
      walkTokens(token) {
        if (token.type === 'heading' && token.depth === 1) headingShift = 1;
      },
      renderer: {
        // The article's title is the page's one h1: a body that uses `#` has each heading one level
        // down (`#` an h2, and so on to h6); one that starts at `##` keeps its levels, as written. Each
        // heading gets an id, so `[see](#notes)` and a shared `…#notes` land on it.
        heading({ tokens, depth }) {
          const text = this.parser.parseInline(tokens);
          let id = headingSlug(text);
          if (FOOTNOTE_ID.test(id)) id = `section-${id}`;
          const seen = headingIds.get(id) ?? (RESERVED_IDS.has(id) ? 1 : 0);
          headingIds.set(id, seen + 1);
          if (seen > 0) id = `${id}-${seen}`;
          const level = Math.min(depth + headingShift, 6);
          return `<h${level} id="${id}">${text}</h${level}>\n`;
        },
        // A task list's boxes as the characters they look like: the sanitizer allows no <input>.
        checkbox({ checked }) {
          return checked ? '☑ ' : '☐ ';
        },
      },
    });
    return marked;
  };
  purify.addHook('afterSanitizeAttributes', (node) => {
    const classes = node.getAttribute('class');
    if (classes !== null) {
      const kept = classes.split(/\s+/).filter((name) => ALLOWED_CLASS.test(name));
      if (kept.length > 0) node.setAttribute('class', kept.join(' '));
      else node.removeAttribute('class');
    }
    // Written in raw HTML, an id of the page's own would take the skip link or the app's mount point.
    if (RESERVED_IDS.has(node.getAttribute('id') ?? '')) node.removeAttribute('id');
    // Links to other sites open in a new tab, without an opener or a referrer, and pass no ranking
    // (anyone may sign up and write); the blog's own links, relative or absolute, stay in the tab.
    const href = node.tagName === 'A' ? (node.getAttribute('href') ?? '') : '';
    if (/^https?:/i.test(href) && !sameOrigin(href, siteOrigin)) {
      node.setAttribute('rel', 'noopener noreferrer nofollow');
      node.setAttribute('target', '_blank');
    }
    if (baseUrl === undefined) return;
    for (const name of URL_ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value !== null) node.setAttribute(name, absolute(value, baseUrl));
    }
    const srcset = node.getAttribute('srcset');
    if (srcset !== null) node.setAttribute('srcset', absoluteSrcset(srcset, baseUrl));
  });
  return (source, options = {}) => {
    baseUrl = options.baseUrl;
    siteOrigin = options.siteOrigin ?? originOf(options.baseUrl);
    highlight = options.highlight;
    headingIds.clear();
    headingShift = 0;
    try {
      const marked = parserFor(options.footnotes ?? ENGLISH_FOOTNOTES);
      return purify.sanitize(marked.parse(source, { async: false }), SANITIZE_OPTIONS);
    } finally {
      baseUrl = undefined;
      siteOrigin = undefined;
      highlight = undefined;
    }
  };
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function sameOrigin(url: string, origin: string | undefined): boolean {
  return origin !== undefined && originOf(url) === origin;
}
