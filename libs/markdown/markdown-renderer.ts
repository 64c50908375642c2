import type { Config, DOMPurify } from 'dompurify';
import { Marked } from 'marked';

/**
 * Renders an author's markdown to HTML that is safe to put in any page, feed or head. With `baseUrl`
 * (the article's own address) every relative URL is made absolute from it: a feed reader has no page
 * to resolve `/media/…` or `#notes` from.
 */
export type RenderMarkdown = (source: string, options?: { baseUrl?: string }) => string;

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
 * each. marked renders GitHub-flavoured markdown; DOMPurify then drops scripts, event handlers,
 * javascript: URLs, styles and forms, and links to other sites open without an opener or a referrer.
 */
export function createMarkdownRenderer(purify: DOMPurify): RenderMarkdown {
  const marked = new Marked({ async: false, gfm: true, breaks: false });
  // The base of the sanitize call under way (it runs synchronously, start to end).
  let baseUrl: string | undefined;
  purify.addHook('afterSanitizeAttributes', (node) => {
    // Links that were absolute as written lead to other sites; the blog's own stay in the tab.
    if (node.tagName === 'A' && /^https?:/.test(node.getAttribute('href') ?? '')) {
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
    try {
      return purify.sanitize(marked.parse(source, { async: false }), SANITIZE_OPTIONS);
    } finally {
      baseUrl = undefined;
    }
  };
}
