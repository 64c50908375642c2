import { createHash } from 'node:crypto';
import type createDOMPurifyType from 'dompurify';
import { textCache } from '../cache/text-cache';
import {
  createMarkdownRenderer,
  RenderMarkdown,
  RenderOptions,
  SANITIZE_OPTIONS,
} from './markdown-renderer';

/** The rendered bodies kept: hundreds of usual articles, a few dozen of the longest (200,000 characters). */
export const RENDERED_MARKDOWN_BYTES = 24 * 1024 * 1024;

/** highlight.js's version, from its package file: the library itself loads with the first render. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const HIGHLIGHT_VERSION = (require('highlight.js/package.json') as { version: string }).version;

/**
 * Names how markdown is rendered (the renderer's code, its sanitizer's options, highlight.js's version):
 * a validator of rendered HTML that includes it changes when a new release renders the same source
 * otherwise.
 */
export const MARKDOWN_RENDERING = createHash('sha256')
  .update(createMarkdownRenderer.toString())
  .update(JSON.stringify(SANITIZE_OPTIONS))
  .update(HIGHLIGHT_VERSION)
  .digest('base64url')
  .slice(0, 16);

let renderer: RenderMarkdown | undefined;
const cache = textCache(RENDERED_MARKDOWN_BYTES);

/**
 * The shared renderer on the server (DOMPurify over one jsdom window, made on first use), with the newest
 * results kept by a hash of their source: sanitizing over jsdom takes tens of milliseconds for an article
 * of a few kB, and pages and feeds render the same articles again and again. Keyed by content (and the
 * base URL a feed resolves relative URLs from, the site's origin and the footnotes' words), so an
 * edited article is never served as it was.
 */
export function renderMarkdown(
  source: string,
  options: Omit<RenderOptions, 'highlight'> = {},
): string {
  const key = createHash('sha1')
    .update(options.baseUrl ?? '')
    .update('\0')
    .update(options.siteOrigin ?? '')
    .update('\0')
    .update(JSON.stringify(options.footnotes ?? null))
    .update('\0')
    .update(source)
    .digest('base64');
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  renderer ??= createServerRenderer();
  const html = renderer(source, options);
  cache.set(key, html);
  return html;
}

/**
 * Renders on one jsdom window at most: the window keeps what each sanitize leaves in it (DOMPurify's
 * node iterators among it), which nothing frees while the window lives. Measured on 3,000 distinct
 * articles: the heap grew by ~0.5 MB a render, 1.5 GB in all, and the content export of 10,000 ran out
 * of memory at 4 GB; with a new window every 200 renders it stays flat. A new window costs a few
 * milliseconds.
 */
export const RENDERS_PER_WINDOW = 200;

/**
 * DOMPurify over a jsdom window, and highlight.js. Required here, not imported at the top: loading jsdom
 * adds ~90 MB to the process's RSS (measured: 40 → 134 MB in a bare Node), highlight.js 9 MB and 20 ms,
 * which an instance that never renders a feed or a server-side page should not carry.
 */
function createServerRenderer(): RenderMarkdown {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { JSDOM } = require('jsdom') as typeof import('jsdom');
  // Its CommonJS build exports the factory itself, which an import's default stands for.
  const createDOMPurify = require('dompurify') as typeof createDOMPurifyType;
  const { highlightCode } = require('./code-highlight') as typeof import('./code-highlight');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let window: import('jsdom').DOMWindow | undefined;
  let render: RenderMarkdown | undefined;
  let renders = 0;
  return (source, options) => {
    if (render === undefined || renders >= RENDERS_PER_WINDOW) {
      window?.close();
      window = new JSDOM('').window;
      render = createMarkdownRenderer(createDOMPurify(window));
      renders = 0;
    }
    renders++;
    return render(source, { ...options, highlight: highlightCode });
  };
}
