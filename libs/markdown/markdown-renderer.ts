import type { Config, DOMPurify } from 'dompurify';
import { Marked } from 'marked';

/** Renders an author's markdown to HTML that is safe to put in any page, feed or head. */
export type RenderMarkdown = (source: string) => string;

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
 * each. marked renders GitHub-flavoured markdown; DOMPurify then drops scripts, event handlers,
 * javascript: URLs, styles and forms, and links to other sites open without an opener or a referrer.
 */
export function createMarkdownRenderer(purify: DOMPurify): RenderMarkdown {
  const marked = new Marked({ async: false, gfm: true, breaks: false });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && /^https?:/.test(node.getAttribute('href') ?? '')) {
      node.setAttribute('rel', 'noopener noreferrer nofollow');
      node.setAttribute('target', '_blank');
    }
  });
  return (source) => purify.sanitize(marked.parse(source, { async: false }), SANITIZE_OPTIONS);
}
