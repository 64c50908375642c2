import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../../config/app-config';
import { MediaService } from '../media/media.service';
import { ArticleListOwner, ArticlePagesService } from '../posts/article-pages.service';
import { StaticPagesService } from '../static-pages/static-pages.service';
import { ghostAddress, pageAddress } from './page-address';
import { PageContent } from './page-content';
import { PageHead, renderHead } from './page-head';
import { PageHeads } from './page-heads';
import { SiteLinks } from './site-links';
import { htmlText } from '../../common/html-text';
import { siteWords } from '../../common/site-words';

/** How many of the newest articles a list page shows to readers without JavaScript. */
export const PAGE_LIST_SIZE = 20;

/**
 * A page to send in the app shell (`head` tags and `body` content, in the language `lang`; empty for a
 * 404), or a redirect.
 */
export type PageAnswer =
  | { status: 200; head: string; body: string; lang: string }
  | { status: 404; head: ''; body: '' }
  | { status: 301; location: string };

const NOT_FOUND: PageAnswer = { status: 404, head: '', body: '' };

/** A slug of words joined by dashes, as Ghost makes a tag's: one word is found by its name already. */
const GHOST_TAG_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;

/**
 * The heads and crawler content of the site's article, static page, profile, tag, category and home
 * pages: one
 * statement a page, and one more for the size of an image Folio holds. Anything not public (a
 * missing, draft or scheduled article, a deactivated author, an unknown user, tag or category) is a
 * 404 with nothing of it in the answer.
 */
@Injectable()
export class PagesService {
  private readonly heads: PageHeads;
  private readonly content: PageContent;
  /** The articles' language (SITE_LANGUAGE): the rendered page's `<html lang>`. */
  private readonly lang: string;

  constructor(
    private readonly articles: ArticlePagesService,
    private readonly staticPages: StaticPagesService,
    private readonly media: MediaService,
    config: ConfigService<AppConfig, true>,
  ) {
    const site = config.get('site', { infer: true });
    this.heads = new PageHeads(site);
    this.content = new PageContent(
      new SiteLinks(site.publicUrl),
      siteWords(site.language),
      site.title,
    );
    this.lang = site.language;
  }

  /** The page `url` names, or undefined when it is none of the pages rendered here. */
  async render(url: string): Promise<PageAnswer | undefined> {
    const address = pageAddress(url);
    switch (address?.kind) {
      case undefined:
        return undefined;
      case 'article':
        return this.article(address.slug);
      case 'home':
        return this.list({ kind: 'home' });
      case 'profile':
        return this.list({ kind: 'author', username: address.username });
      case 'tag': {
        const page = await this.list({ kind: 'tag', tag: address.tag });
        if (page.status !== 404 || !GHOST_TAG_SLUG.test(address.tag)) return page;
        // Ghost's address of the tag (a blog moved here): its slug, not its name.
        const name = await this.articles.tagForGhostSlug(address.tag);
        return name ? { status: 301, location: `/tag/${encodeURIComponent(name)}` } : page;
      }
      case 'category':
        return this.list({ kind: 'category', slug: address.slug });
      case 'page':
        return this.staticPage(address.slug);
    }
  }

  /**
   * Where an address of Ghost's (a blog moved here) lives now, as a 301, or undefined when it names
   * nothing here. Asked only of addresses that are none of the site's.
   */
  async ghostRedirect(url: string): Promise<PageAnswer | undefined> {
    const address = ghostAddress(url);
    switch (address?.kind) {
      case undefined:
        return undefined;
      case 'feed':
        return { status: 301, location: `${address.base}/rss.xml` };
      case 'tag feed': {
        const name = await this.tagName(address.slug);
        return { status: 301, location: `/tag/${encodeURIComponent(name)}/rss.xml` };
      }
      case 'author': {
        const owner = { kind: 'author', username: address.slug } as const;
        return (await this.articles.findListPage(owner, 1))
          ? { status: 301, location: `/profile/${encodeURIComponent(address.slug)}` }
          : undefined;
      }
      case 'post': {
        const slug = (await this.articles.findPublished(address.slug))
          ? address.slug
          : await this.articles.currentSlug(address.slug);
        if (slug) return { status: 301, location: `/article/${encodeURIComponent(slug)}` };
        // Ghost's pages (/about/) share its posts' addresses.
        return (await this.staticPages.findPublished(address.slug))
          ? { status: 301, location: `/page/${encodeURIComponent(address.slug)}` }
          : undefined;
      }
    }
  }

  /** The name of the tag `slug` names: its own name in any case, or the tag whose Ghost slug it is. */
  private async tagName(slug: string): Promise<string> {
    return GHOST_TAG_SLUG.test(slug) ? ((await this.articles.tagForGhostSlug(slug)) ?? slug) : slug;
  }

  private async article(slug: string): Promise<PageAnswer> {
    const article = await this.articles.findPublished(slug);
    if (!article) {
      // A renamed article's old address moves permanently to its current one.
      const current = await this.articles.currentSlug(slug);
      return current
        ? { status: 301, location: `/article/${encodeURIComponent(current)}` }
        : NOT_FOUND;
    }
    return {
      status: 200,
      head: renderHead(await this.withImageFacts(this.heads.article(article))),
      body: this.content.article(article),
      lang: this.lang,
    };
  }

  private async staticPage(slug: string): Promise<PageAnswer> {
    const page = await this.staticPages.findPublished(slug);
    if (!page) return NOT_FOUND;
    const html = this.content.body(page.body);
    return {
      status: 200,
      head: renderHead(await this.withImageFacts(this.heads.staticPage(page, htmlText(html)))),
      body: this.content.staticPage(page, html),
      lang: this.lang,
    };
  }

  private async list(owner: ArticleListOwner): Promise<PageAnswer> {
    const page = await this.articles.findListPage(owner, PAGE_LIST_SIZE);
    // A tag exists as long as an article had it: with no public article it has no page.
    if (!page || (owner.kind === 'tag' && page.articles.length === 0)) return NOT_FOUND;
    const head = {
      home: () => this.heads.home(page),
      author: () => this.heads.profile(page),
      tag: () => this.heads.tag(page),
      category: () => this.heads.category(page),
    }[owner.kind]();
    const intro = owner.kind === 'home' ? head.description : page.about;
    return {
      status: 200,
      head: renderHead(await this.withImageFacts(head)),
      body: this.content.list(head.name, intro, page.articles),
      lang: this.lang,
    };
  }

  /** The head with its image's pixels and type, when the image is one of Folio's uploads. */
  private async withImageFacts(head: PageHead): Promise<PageHead> {
    if (!head.image) return head;
    const facts = (await this.media.imageFacts([head.image])).get(head.image);
    return facts ? { ...head, imageFacts: facts } : head;
  }
}
