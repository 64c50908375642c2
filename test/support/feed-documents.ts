import { JSDOM } from 'jsdom';

/** What a feed reader sends for each kind of feed. */
export const ACCEPT = {
  'rss.xml': 'application/rss+xml, application/xml;q=0.9, */*;q=0.8',
  'atom.xml': 'application/atom+xml, application/xml;q=0.9, */*;q=0.8',
  'feed.json': 'application/feed+json, application/json;q=0.9, */*;q=0.8',
} as const;
export type FeedFile = keyof typeof ACCEPT;

/** A feed's XML, checked to be well-formed. */
export function xml(text: string): Document {
  const document = new JSDOM(text, { contentType: 'text/xml' }).window.document;
  expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
  return document;
}

export function children(parent: Element, name: string): Element[] {
  return [...parent.children].filter((child) => child.tagName === name);
}

export function childText(parent: Element, name: string): string | undefined {
  return children(parent, name)[0]?.textContent ?? undefined;
}
