import { ArticleSummary, PublishedArticle } from '../posts/article-pages.service';
import { renderMarkdown } from '../../../libs/markdown/server-markdown';
import { escapeHtml } from '../../common/html-escape';
import { longDate, SiteWords } from '../../common/site-words';
import { SiteLinks } from './site-links';

/** An article's or a static page's cover, as the page shows it. */
type PageCover = Pick<PublishedArticle, 'coverImage' | 'coverImageAlt' | 'coverImageCaption'>;

/**
 * What a reader without JavaScript (a crawler, a text browser) reads of a page: plain HTML that the app
 * replaces once it mounts. The body goes through renderMarkdown (libs/markdown), the web app's own
 * renderer and sanitizer, so a crawler reads what a reader sees and no script an author wrote gets through.
 */
export class PageContent {
  constructor(
    private readonly links: SiteLinks,
    /** Folio's own few words (the byline, an empty list), in the site's language. */
    private readonly words: SiteWords,
    /** The blog's name (SITE_TITLE): each page links home by it, as the app's header does. */
    private readonly siteTitle: string,
  ) {}

  /** The way home, above an article: a reader without the app has no header. */
  private home(): string {
    return `<nav><a href="/" rel="home">${escapeHtml(this.siteTitle)}</a></nav>`;
  }

  article(article: PublishedArticle): string {
    const author = article.author.username;
    const tags = article.tags.map(
      (tag) => `<li><a href="${escapeHtml(this.links.tag(tag))}">${escapeHtml(tag)}</a></li>`,
    );
    return [
      this.home(),
      // Its main landmark, as a list page's: what a screen reader jumps to.
      '<main data-prerendered="article"><article>',
      `<h1>${escapeHtml(article.title)}</h1>`,
      article.description ? `<p>${escapeHtml(article.description)}</p>` : '',
      `<p>${this.words.byline(`<a href="${escapeHtml(this.links.profile(author))}" rel="author">${escapeHtml(author)}</a>`, this.date(article.publishedAt))}</p>`,
      this.cover(article),
      `<div>${this.body(article.body)}</div>`,
      tags.length ? `<ul>${tags.join('')}</ul>` : '',
      '</article></main>',
    ].join('\n');
  }

  /**
   * A static page (About): its title, its cover and its body, rendered as an article's; `html` is that
   * body.
   */
  staticPage(page: PageCover & { title: string }, html: string): string {
    return [
      this.home(),
      '<main data-prerendered="page"><article>',
      `<h1>${escapeHtml(page.title)}</h1>`,
      this.cover(page),
      `<div>${html}</div>`,
      '</article></main>',
    ].join('\n');
  }

  /** A body as the site renders it: links to the blog stay in the tab, footnotes in the site's words. */
  body(markdown: string): string {
    return renderMarkdown(markdown, {
      siteOrigin: this.links.origin,
      footnotes: this.words.footnotes,
    });
  }

  /** The cover, described and captioned as its author said; nothing without one. */
  private cover(post: PageCover): string {
    const src = this.links.image(post.coverImage);
    if (src === undefined) return '';
    const caption = post.coverImageCaption
      ? `<figcaption>${escapeHtml(post.coverImageCaption)}</figcaption>`
      : '';
    return `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(post.coverImageAlt ?? '')}">${caption}</figure>`;
  }

  /** A list page: its heading, an introduction, and its newest articles linking to them. */
  list(heading: string, intro: string | null, articles: ArticleSummary[]): string {
    const items = articles.map((article) => {
      const href = escapeHtml(this.links.article(article.slug));
      const by = escapeHtml(this.links.profile(article.authorUsername));
      return [
        `<li><h2><a href="${href}">${escapeHtml(article.title)}</a></h2>`,
        `<p>${escapeHtml(article.description)}</p>`,
        `<p>${this.words.byline(`<a href="${by}">${escapeHtml(article.authorUsername)}</a>`, this.date(article.publishedAt))}</p></li>`,
      ].join('');
    });
    return [
      this.home(),
      '<main data-prerendered="list">',
      `<h1>${escapeHtml(heading)}</h1>`,
      intro ? `<p>${escapeHtml(intro)}</p>` : '',
      items.length
        ? `<ul>\n${items.join('\n')}\n</ul>`
        : `<p>${escapeHtml(this.words.noArticles)}</p>`,
      '</main>',
    ].join('\n');
  }

  private date(date: Date): string {
    return `<time datetime="${date.toISOString()}">${escapeHtml(longDate(this.words, date))}</time>`;
  }
}
