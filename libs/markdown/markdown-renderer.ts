import type { DOMPurify } from 'dompurify';
import { Marked } from 'marked';

/** Renders an author's markdown to HTML that is safe to put in any page, feed or head. */
export type RenderMarkdown = (source: string) => string;

/**
 * The one markdown renderer and sanitizer of Folio: the web app builds it on the browser's DOMPurify,
 * the server (feeds, server-rendered pages) on DOMPurify over jsdom, so an article reads the same in
 * each. marked renders GitHub-flavoured markdown; DOMPurify then drops scripts, event handlers and
 * javascript: URLs, and links to other sites open without an opener or a referrer.
 */
export function createMarkdownRenderer(purify: DOMPurify): RenderMarkdown {
  const marked = new Marked({ async: false, gfm: true, breaks: false });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && /^https?:/.test(node.getAttribute('href') ?? '')) {
      node.setAttribute('rel', 'noopener noreferrer nofollow');
      node.setAttribute('target', '_blank');
    }
  });
  return (source) =>
    purify.sanitize(marked.parse(source, { async: false }), { USE_PROFILES: { html: true } });
}
