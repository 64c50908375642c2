import { SiteConfig } from '../../config/site-config';
import { ArticleListPage, PublishedArticle } from '../posts/article-pages.service';
import { PublishedStaticPage } from '../static-pages/static-pages.service';
import { PageHead } from './page-head';
import { FeedOwner, SiteLinks } from './site-links';
import { SiteWords, siteWords } from '../../common/site-words';

type BaseHead = Pick<
  PageHead,
  'title' | 'name' | 'description' | 'canonicalUrl' | 'siteName' | 'indexing'
>;

const SCHEMA = 'https://schema.org';
const DESCRIPTION_LENGTH = 200;

/** One line of at most DESCRIPTION_LENGTH characters, cut at a word when it is longer. */
export function shortDescription(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= DESCRIPTION_LENGTH) return line;
  const cut = line.slice(0, DESCRIPTION_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > DESCRIPTION_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Builds the heads of the site's pages from what the posts module read, with the site's settings. */
export class PageHeads {
  private readonly links: SiteLinks;
  /** A list page's description where its owner wrote none, in the site's language. */
  private readonly words: SiteWords;

  constructor(private readonly site: SiteConfig) {
    this.links = new SiteLinks(site.publicUrl);
    this.words = siteWords(site.language);
  }

  private base(name: string, description: string, path: string): BaseHead {
    return {
      title: `${name} — ${this.site.title}`,
      name,
      description: shortDescription(description) || this.site.description,
      canonicalUrl: this.links.absolute(path),
      siteName: this.site.title,
      indexing: this.site.indexing,
    };
  }

  article(article: PublishedArticle): PageHead {
    const links = this.links;
    const base = this.base(article.title, article.description, links.article(article.slug));
    const authorUrl = links.absolute(links.profile(article.author.username));
    // Its cover, shown large in link previews; without one the site's image (SITE_IMAGE, as Ghost's
    // publication cover), else the author's picture.
    const own = links.image(article.coverImage);
    const cover = own ?? this.site.image;
    const image = cover ?? links.image(article.author.image);
    return {
      ...base,
      type: 'article',
      image,
      // Said only of the cover: an author's picture stands in without a description of it.
      imageAlt: own !== undefined ? (article.coverImageAlt ?? undefined) : undefined,
      largeImage: cover !== undefined,
      article: {
        publishedTime: article.publishedAt,
        modifiedTime: article.updatedAt,
        author: authorUrl,
        section: article.category?.name,
        tags: article.tags,
      },
      feeds: [
        ...links.feeds({ kind: 'site' }, this.site.title),
        ...links.feeds(
          { kind: 'author', username: article.author.username },
          article.author.username,
        ),
      ],
      jsonLd: {
        '@context': SCHEMA,
        '@type': 'BlogPosting',
        headline: article.title,
        description: base.description,
        datePublished: article.publishedAt.toISOString(),
        dateModified: article.updatedAt.toISOString(),
        author: { '@type': 'Person', name: article.author.username, url: authorUrl },
        mainEntityOfPage: { '@type': 'WebPage', '@id': base.canonicalUrl },
        url: base.canonicalUrl,
        keywords: article.tags,
        ...(article.category ? { articleSection: article.category.name } : {}),
        ...(image ? { image } : {}),
        publisher: { '@type': 'Organization', name: this.site.title, url: links.absolute('/') },
      },
    };
  }

  /**
   * A static page (About, Contact): a web page of the blog, not a post. Its description is its own
   * (Ghost's excerpt), else the start of its text as the body renders it; its image is its cover (with
   * the cover's alt text), else the site's image, as an article's.
   */
  staticPage(page: PublishedStaticPage, text: string): PageHead {
    const base = this.base(page.title, page.description || text, this.links.page(page.slug));
    const own = this.links.image(page.coverImage);
    const image = own ?? this.site.image;
    return {
      ...base,
      type: 'website',
      ...(image
        ? {
            image,
            imageAlt: own !== undefined ? (page.coverImageAlt ?? undefined) : undefined,
            largeImage: true,
          }
        : {}),
      feeds: this.links.feeds({ kind: 'site' }, this.site.title),
      jsonLd: {
        '@context': SCHEMA,
        '@type': 'WebPage',
        name: page.title,
        description: base.description,
        url: base.canonicalUrl,
        datePublished: page.publishedAt.toISOString(),
        dateModified: page.updatedAt.toISOString(),
        ...(image ? { image } : {}),
        isPartOf: { '@type': 'WebSite', name: this.site.title, url: this.links.absolute('/') },
      },
    };
  }

  home(page: ArticleListPage): PageHead {
    const site = this.site.title;
    const base = { ...this.base(site, this.site.description, '/'), title: site };
    const posts = this.posts(page);
    return this.listHead(
      base,
      { kind: 'site' },
      {
        '@graph': [
          { '@type': 'WebSite', name: site, url: base.canonicalUrl, description: base.description },
          { '@type': 'Blog', name: site, url: base.canonicalUrl, blogPost: posts },
        ],
      },
    );
  }

  /** An author's page: `page.key` is the username as stored, `page.about` the bio. */
  profile(page: ArticleListPage): PageHead {
    const username = page.key ?? '';
    const about = page.about ?? this.words.onSite(this.words.articlesBy(username), this.site.title);
    const base = this.base(username, about, this.links.profile(username));
    const image = this.links.image(page.image) ?? this.site.image;
    return {
      ...this.listHead(
        base,
        { kind: 'author', username },
        {
          '@type': 'Person',
          name: username,
          url: base.canonicalUrl,
          ...(page.about ? { description: page.about } : {}),
          ...(image ? { image } : {}),
          mainEntityOfPage: { '@type': 'ProfilePage', '@id': base.canonicalUrl },
        },
      ),
      type: 'profile',
      image,
      profileUsername: username,
    };
  }

  tag(page: ArticleListPage): PageHead {
    const tag = page.key ?? '';
    const about = this.words.onSite(this.words.articlesTagged(tag), this.site.title);
    return this.collection(
      this.base(`#${tag}`, about, this.links.tag(tag)),
      { kind: 'tag', tag },
      page,
    );
  }

  category(page: ArticleListPage): PageHead {
    const slug = page.key ?? '';
    const name = page.name ?? slug;
    const about = page.about ?? this.words.onSite(this.words.articlesIn(name), this.site.title);
    const base = this.base(name, about, this.links.category(slug));
    return this.collection(base, { kind: 'category', slug }, page);
  }

  private collection(base: BaseHead, owner: FeedOwner, page: ArticleListPage): PageHead {
    return this.listHead(base, owner, {
      '@type': 'CollectionPage',
      name: base.name,
      url: base.canonicalUrl,
      description: base.description,
      hasPart: this.posts(page),
    });
  }

  /** A list page's head: the site's feeds, then the owner's own. */
  private listHead(base: BaseHead, owner: FeedOwner, jsonLd: Record<string, unknown>): PageHead {
    const feeds = this.links.feeds({ kind: 'site' }, this.site.title);
    if (owner.kind !== 'site') feeds.push(...this.links.feeds(owner, base.name));
    const image = this.site.image;
    return {
      ...base,
      type: 'website',
      feeds,
      ...(image ? { image, largeImage: true } : {}),
      jsonLd: { '@context': SCHEMA, ...jsonLd },
    };
  }

  private posts(page: ArticleListPage): Record<string, unknown>[] {
    return page.articles.map((article) => ({
      '@type': 'BlogPosting',
      headline: article.title,
      url: this.links.absolute(this.links.article(article.slug)),
      datePublished: article.publishedAt.toISOString(),
    }));
  }
}
