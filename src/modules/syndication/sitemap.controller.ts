import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pipeline, Readable } from 'node:stream';
import { SitemapIndexStream, SitemapItemLoose, SitemapStream } from 'sitemap';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import type { SiteConfig } from '../../config/site-config';
import { Public } from '../accounts/public.decorator';
import { SyndicationService } from '../posts/syndication.service';
import type { SitemapKind } from '../posts/syndication.types';
import { StaticPagesService } from '../static-pages/static-pages.service';
import { BatchedBytes } from './batched-bytes';
import { answeredNotModified, strongEtag } from './conditional-get';
import { SiteUrls } from './site-urls';
import { SITE_CONFIG, SITEMAP_PAGE_SIZE } from './syndication-settings.provider';

const XML = 'application/xml; charset=utf-8';
/** A child's number as its URL writes it: 1, 2, ... (a leading zero would make two URLs of one child). */
const CHILD_NUMBER = /^[1-9]\d{0,8}$/;

/**
 * The sitemap, always an index at /sitemap.xml (simpler for crawlers and for us than switching form at
 * 50,000 URLs): sitemap-pages.xml (home, static pages, categories, tags), then sitemap-authors-<n>.xml and
 * sitemap-articles-<n>.xml, each child at most SITEMAP_PAGE_SIZE URLs of one id range, streamed.
 */
@Public()
@ApiExcludeController()
@Controller()
export class SitemapController {
  private readonly urls: SiteUrls;

  constructor(
    private readonly syndication: SyndicationService,
    private readonly staticPages: StaticPagesService,
    @Inject(SITE_CONFIG) site: SiteConfig,
    @Inject(SITEMAP_PAGE_SIZE) private readonly pageSize: number,
  ) {
    this.urls = new SiteUrls(site.publicUrl);
  }

  @Get('sitemap.xml')
  async index(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const [authors, articles] = await Promise.all([
      this.syndication.sitemapChildren('authors', this.pageSize),
      this.syndication.sitemapChildren('articles', this.pageSize),
    ]);
    const files = [
      'sitemap-pages.xml',
      ...authors.map((n) => `sitemap-authors-${n}.xml`),
      ...articles.map((n) => `sitemap-articles-${n}.xml`),
    ];
    const etag = strongEtag('index', this.urls.base, files);
    if (answeredNotModified(request, reply, { etag })) return;
    const stream = new SitemapIndexStream();
    for (const file of files) stream.write({ url: this.urls.file(file) });
    stream.end();
    void reply.type(XML).send(stream);
  }

  @Get('sitemap-pages.xml')
  async pages(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const [topics, pages] = await Promise.all([
      this.syndication.sitemapTopics(),
      this.staticPages.sitemapEntries(),
    ]);
    const etag = strongEtag('pages', this.urls.base, { topics, pages });
    if (answeredNotModified(request, reply, { etag })) return;
    const items: SitemapItemLoose[] = [
      { url: this.urls.home() },
      ...pages.map((page) => ({
        url: this.urls.page(page.slug),
        lastmod: page.updatedAt.toISOString(),
      })),
      ...topics.categories.map((slug) => ({ url: this.urls.category(slug) })),
      ...topics.tags.map((tag) => ({ url: this.urls.tag(tag) })),
    ];
    this.send(reply, Readable.from(items));
  }

  @Get('sitemap-authors-:page.xml')
  async authors(@Param('page') page: string, @Res() reply: FastifyReply): Promise<void> {
    await this.child(reply, 'authors', page, (username) => this.urls.profile(username));
  }

  @Get('sitemap-articles-:page.xml')
  async articles(@Param('page') page: string, @Res() reply: FastifyReply): Promise<void> {
    await this.child(reply, 'articles', page, (slug) => this.urls.article(slug));
  }

  /**
   * Streams a child as its rows are read, a chunk at a time: never the whole child in memory. No
   * validators: knowing a child's newest change costs as much as reading it (crawlers go by lastmod).
   */
  private async child(
    reply: FastifyReply,
    kind: SitemapKind,
    page: string,
    url: (key: string) => string,
  ): Promise<void> {
    if (!CHILD_NUMBER.test(page)) throw new RecordNotFoundError('sitemap');
    const entries = await this.syndication.sitemapEntries(kind, Number(page), this.pageSize);
    const items = async function* (): AsyncGenerator<SitemapItemLoose> {
      for await (const entry of entries) {
        yield {
          url: url(entry.key),
          ...(entry.lastModified && { lastmod: entry.lastModified.toISOString() }),
          ...(entry.image && { img: [{ url: entry.image }] }),
        };
      }
    };
    this.send(reply, Readable.from(items()));
  }

  private send(reply: FastifyReply, items: Readable): void {
    // An error while reading ends the answer early (a truncated XML, which crawlers refuse).
    const body = pipeline(items, new SitemapStream(), new BatchedBytes(), () => undefined);
    void reply.type(XML).send(body);
  }
}
