import DOMPurify from 'dompurify';
import { createMarkdownRenderer } from '../../../libs/markdown/markdown-renderer';
import { BODY_SIZES, uploadSrcset } from './media-images';

// Images in the body that are this site's uploads get a srcset, here rather than in libs/markdown:
// only the browser knows which origin is this site, and the feeds and crawler pages the server renders
// are fine with one `src`. The hook runs after DOMPurify has checked `src`, and writes only URLs it
// builds itself from the upload's id.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName !== 'IMG') return;
  const srcset = uploadSrcset(node.getAttribute('src') ?? '');
  if (!srcset) return;
  node.setAttribute('srcset', srcset);
  node.setAttribute('sizes', BODY_SIZES);
});

/**
 * Markdown from authors, rendered and then sanitized: the renderer the server's feeds and pages use too
 * (libs/markdown), here on the browser's DOMPurify.
 */
export const renderMarkdown = createMarkdownRenderer(DOMPurify);
