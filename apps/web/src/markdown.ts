import DOMPurify from 'dompurify';
import { createMarkdownRenderer } from '../../../libs/markdown/markdown-renderer';

/**
 * Markdown from authors, rendered and then sanitized: the renderer the server's feeds and pages use too
 * (libs/markdown), here on the browser's DOMPurify.
 */
export const renderMarkdown = createMarkdownRenderer(DOMPurify);
