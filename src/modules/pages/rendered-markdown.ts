import { createHash } from 'node:crypto';
import { renderMarkdown } from '../../../libs/markdown/server-markdown';

/** How many rendered bodies are kept: a few MB at most for articles of ~10 kB. */
const CAPACITY = 500;

/**
 * renderMarkdown with the newest results kept by a hash of their source: DOMPurify over jsdom takes
 * tens of milliseconds for an article of a few kB, while the same article is read again and again.
 * Keyed by content, so an edited article is never served as it was.
 */
export class RenderedMarkdown {
  private readonly cache = new Map<string, string>();

  render(source: string): string {
    const key = createHash('sha1').update(source).digest('base64');
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      // Least recently used first: a hit moves to the end.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const html = renderMarkdown(source);
    this.cache.set(key, html);
    if (this.cache.size > CAPACITY) this.cache.delete(this.cache.keys().next().value as string);
    return html;
  }
}
