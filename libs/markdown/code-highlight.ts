import hljs from 'highlight.js/lib/common';
import type { CodeHighlighter } from './markdown-renderer';

/**
 * Colours code for a language highlight.js knows in its common set (JavaScript, TypeScript, Python,
 * Go, Rust, Java, C, SQL, shell, JSON, YAML, HTML, CSS…: 36 of them) as `<span class="hljs-…">`, the
 * code escaped; undefined for another language, which the renderer then leaves plain. Apart from the
 * renderer: the server always loads it, the web app only for an article that has such a block.
 */
export const highlightCode: CodeHighlighter = (code, language) =>
  hljs.getLanguage(language)
    ? hljs.highlight(code, { language, ignoreIllegals: true }).value
    : undefined;
