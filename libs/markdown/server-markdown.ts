import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { createMarkdownRenderer, RenderMarkdown } from './markdown-renderer';

let renderer: RenderMarkdown | undefined;

/** The shared renderer on the server: DOMPurify over one jsdom window, made on first use. */
export function renderMarkdown(source: string): string {
  renderer ??= createMarkdownRenderer(createDOMPurify(new JSDOM('').window));
  return renderer(source);
}
