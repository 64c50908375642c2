import type { FootnoteWords } from '../../libs/markdown/markdown-renderer';

/**
 * The few words Folio writes itself (not its writers) where readers without the web app see them: the
 * server-rendered pages crawlers read, link previews' descriptions, the feeds' descriptions and the
 * footnotes' hidden labels in articles. In the
 * site's language (SITE_LANGUAGE) where Folio has it (the web app's two, English and Russian), else in
 * English, dates included, so that a line never mixes two languages.
 */
export interface SiteWords {
  /** The language of these words, for dates. */
  locale: string;
  /** "By <author>, <date>", of HTML already escaped. */
  byline(author: string, date: string): string;
  noArticles: string;
  articlesBy(author: string): string;
  articlesTagged(tag: string): string;
  articlesIn(category: string): string;
  /** A list page's description: what it holds, on which blog. */
  onSite(about: string, site: string): string;
  /** What screen readers hear of an article's footnotes. */
  footnotes: FootnoteWords;
}

const ENGLISH: SiteWords = {
  locale: 'en-US',
  byline: (author, date) => `By ${author}, ${date}`,
  noArticles: 'No articles yet.',
  articlesBy: (author) => `Articles by ${author}`,
  articlesTagged: (tag) => `Articles tagged “${tag}”`,
  articlesIn: (category) => `Articles in ${category}`,
  onSite: (about, site) => `${about} on ${site}`,
  footnotes: { heading: 'Footnotes', backToReference: 'Back to reference {0}' },
};

const RUSSIAN: SiteWords = {
  locale: 'ru',
  byline: (author, date) => `Автор: ${author}, ${date}`,
  noArticles: 'Статей пока нет.',
  articlesBy: (author) => `Статьи автора ${author}`,
  articlesTagged: (tag) => `Статьи с тегом «${tag}»`,
  articlesIn: (category) => `Статьи в категории «${category}»`,
  onSite: (about, site) => `${about} — ${site}`,
  footnotes: { heading: 'Примечания', backToReference: 'Вернуться к ссылке {0}' },
};

const BY_LANGUAGE: Record<string, SiteWords> = { en: ENGLISH, ru: RUSSIAN };

/** The words for a language tag (`ru`, `ru-RU`, `en-GB`...): by its language, English for the others. */
export function siteWords(language: string): SiteWords {
  return BY_LANGUAGE[language.split('-')[0].toLowerCase()] ?? ENGLISH;
}

/** A date as the words' language writes it in full (`December 3, 2026`, `3 декабря 2026 г.`), in UTC. */
export function longDate(words: SiteWords, date: Date): string {
  return date.toLocaleDateString(words.locale, { dateStyle: 'long', timeZone: 'UTC' });
}
