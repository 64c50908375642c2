import { createHash } from 'node:crypto';
import type createDOMPurifyType from 'dompurify';
import { createMarkdownRenderer, RenderMarkdown } from './markdown-renderer';

/** How many rendered bodies are kept: a few MB at most for articles of ~10 kB. */
const CACHE_CAPACITY = 500;

let renderer: RenderMarkdown | undefined;
const cache = new Map<string, string>();

/**
 * The shared renderer on the server (DOMPurify over one jsdom window, made on first use), with the newest
 * results kept by a hash of their source: sanitizing over jsdom takes tens of milliseconds for an article
 * of a few kB, and pages and feeds render the same articles again and again. Keyed by content, so an
 * edited article is never served as it was.
 */
export function renderMarkdown(source: string): string {
  const key = createHash('sha1').update(source).digest('base64');
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Least recently used first: a hit moves to the end.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  renderer ??= createServerRenderer();
  const html = renderer(source);
  cache.set(key, html);
  if (cache.size > CACHE_CAPACITY) cache.delete(cache.keys().next().value as string);
  return html;
}

/**
 * DOMPurify over a jsdom window. Required here, not imported at the top: loading jsdom adds ~90 MB to the
 * process's RSS (measured: 40 → 134 MB in a bare Node), which an instance that never renders a feed or a
 * server-side page should not carry.
 */
function createServerRenderer(): RenderMarkdown {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { JSDOM } = require('jsdom') as typeof import('jsdom');
  // Its CommonJS build exports the factory itself, which an import's default stands for.
  const createDOMPurify = require('dompurify') as typeof createDOMPurifyType;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return createMarkdownRenderer(createDOMPurify(new JSDOM('').window));
}
