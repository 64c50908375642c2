import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { textCache } from '../../../libs/cache/text-cache';
import { MARKDOWN_RENDERING } from '../../../libs/markdown/server-markdown';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SiteConfig } from '../../config/site-config';
import { Public } from '../accounts/public.decorator';
import { MediaService } from '../media/media.service';
import { SyndicationService } from '../posts/syndication.service';
import type { FeedContent, FeedSubject } from '../posts/syndication.types';
import { answeredNotModified, strongEtag } from './conditional-get';
import { changedAt, FEED_CONTENT_TYPES, FeedChannel, renderFeed } from './feed-document';
import { SiteUrls } from './site-urls';
import { SITE_CONFIG } from './syndication-settings.provider';
import { FEED_FILES, FeedFile, feedPaths } from './syndication-routes';
import { SiteWords, siteWords } from '../../common/site-words';

/**
 * Rendered feeds kept by ETag (which covers all they are made of), for readers that poll without one:
 * a budget of bytes, as a feed of long articles takes megabytes.
 */
export const RENDERED_FEED_BYTES = 16 * 1024 * 1024;

/** The file a request asks for: the last segment of the route it matched. */
function requestedFile(request: FastifyRequest): FeedFile {
  const file = FEED_FILES.find((name) => request.routeOptions.url?.endsWith(`/${name}`));
  if (!file) throw new Error(`no feed file in ${request.routeOptions.url}`);
  return file;
}

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the site, an author, a tag and a category, at the site's root
 * (not under /api): the newest FEED_ITEMS public articles with their rendered bodies.
 */
@Public()
@ApiExcludeController()
@Controller()
export class FeedsController {
  private readonly urls: SiteUrls;
  /** A feed's description where its owner wrote none, in the site's language. */
  private readonly words: SiteWords;
  private readonly rendered = textCache(RENDERED_FEED_BYTES);

  constructor(
    private readonly syndication: SyndicationService,
    private readonly media: MediaService,
    @Inject(SITE_CONFIG) private readonly site: SiteConfig,
  ) {
    this.urls = new SiteUrls(site.publicUrl);
    this.words = siteWords(site.language);
  }

  @Get(feedPaths(''))
  async whole(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.answer(request, reply, { kind: 'site' }, () => ({
      title: this.site.title,
      description: this.site.description,
      link: this.urls.home(),
      base: this.site.publicUrl,
    }));
  }

  @Get(feedPaths('profile/:username'))
  async author(
    @Param('username') username: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(request, reply, { kind: 'author', username }, ({ subject }) => {
      const name = subject.name ?? username;
      const link = this.urls.profile(name);
      const description = subject.description?.trim() || this.words.articlesBy(name);
      return { title: `${name} — ${this.site.title}`, description, link, base: link };
    });
  }

  @Get(feedPaths('tag/:tag'))
  async tag(
    @Param('tag') tag: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(request, reply, { kind: 'tag', name: tag }, ({ subject }) => {
      // The tag as first written (`JavaScript`), whatever the address's case: one feed, one id.
      const name = subject.name ?? tag;
      const link = this.urls.tag(name);
      const title = `#${name} — ${this.site.title}`;
      return { title, description: this.words.articlesTagged(name), link, base: link };
    });
  }

  @Get(feedPaths('category/:slug'))
  async category(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.answer(request, reply, { kind: 'category', slug }, ({ subject }) => {
      const name = subject.name ?? slug;
      const link = this.urls.category(slug);
      const description = subject.description?.trim() || this.words.articlesIn(name);
      return { title: `${name} — ${this.site.title}`, description, link, base: link };
    });
  }

  /**
   * Reads the subject's articles (an unknown subject is a 404), answers 304 when the reader's copy is
   * current, otherwise renders the feed. The ETag covers everything the document is made of (the
   * settings, the subject, each article's fields and how markdown is rendered), so it is known before any markdown is rendered.
   */
  private async answer(
    request: FastifyRequest,
    reply: FastifyReply,
    subject: FeedSubject,
    channelOf: (content: FeedContent) => Omit<FeedChannel, 'language'>,
  ): Promise<void> {
    const file = requestedFile(request);
    const content = await this.syndication.feed(subject, this.site.feedItems);
    const channel = { ...channelOf(content), language: this.site.language };
    const lastModified = content.articles.map(changedAt).sort((a, b) => +b - +a)[0];
    const etag = strongEtag(
      file,
      channel,
      this.site.publicUrl,
      content.articles,
      MARKDOWN_RENDERING,
    );
    if (answeredNotModified(request, reply, { etag, lastModified })) return;
    let body = this.rendered.get(etag);
    if (body === undefined) {
      // An upload's files never change: the ETag, which covers the cover's URL, covers these too.
      const covers = content.articles.flatMap((article) => article.coverImage ?? []);
      const images = await this.media.imageFacts(covers);
      body = renderFeed(file, channel, content.articles, this.urls, images);
      this.rendered.set(etag, body);
    }
    void reply.type(FEED_CONTENT_TYPES[file]).send(body);
  }
}
