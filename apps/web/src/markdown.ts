import DOMPurify from 'dompurify';
import { shallowRef } from 'vue';
import {
  CodeHighlighter,
  createMarkdownRenderer,
  RenderOptions,
} from '../../../libs/markdown/markdown-renderer';
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

const render = createMarkdownRenderer(DOMPurify);

/** A fenced code block that names its language (```ts). */
const FENCE_WITH_LANGUAGE = /^ {0,3}(?:`{3,}|~{3,})[ \t]*[^\s`~]/m;

/** The code colourer, once loaded: a render that reads it runs again when it arrives. */
const highlighter = shallowRef<CodeHighlighter>();
let loading: Promise<void> | undefined;

function loadHighlighter(): void {
  loading ??= import('../../../libs/markdown/code-highlight').then(
    (module) => {
      highlighter.value = module.highlightCode;
    },
    () => {
      // Offline or a stale build: the code stays plain; the next article tries again.
      loading = undefined;
    },
  );
}

/**
 * Markdown from authors, rendered and then sanitized: the renderer the server's feeds and pages use too
 * (libs/markdown), here on the browser's DOMPurify. highlight.js is its own chunk, fetched the first
 * time an article has a code block that names a language: the code shows plain, then coloured.
 */
export function renderMarkdown(
  source: string,
  options: Omit<RenderOptions, 'highlight'> = {},
): string {
  const highlight = highlighter.value;
  if (!highlight && FENCE_WITH_LANGUAGE.test(source)) loadHighlighter();
  return render(source, highlight ? { ...options, highlight } : options);
}
