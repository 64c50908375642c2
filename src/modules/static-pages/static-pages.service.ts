import { coverChanges, newCover } from '../../common/cover-input';
import { Injectable } from '@nestjs/common';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { DomainEvents } from '../../../libs/events/domain-events';
import { ApiError } from '../../common/api-exception.filter';
import { MAX_ARTICLE_BASE_LENGTH, plainSlug, requestedSlug, slugTaken } from '../../common/slug';
import { AuthUser } from '../accounts/auth-user.types';
import { hasRole } from '../accounts/staff-roles.types';
import {
  NewStaticPageDto,
  StaticPageChangesDto,
  StaticPageDto,
  StaticPageSummaryDto,
} from './dto/static-page.dto';
import { StaticPage, StaticPageStatus } from './static-page.entity';
import './static-page.events';
import { StaticPageSummary, StaticPagesRepository } from './static-pages.repository';

/** A published page as the site's server-rendered page shows it. */
export interface PublishedStaticPage {
  slug: string;
  title: string;
  description: string;
  body: string;
  coverImage: string | null;
  coverImageAlt: string | null;
  coverImageCaption: string | null;
  publishedAt: Date;
  updatedAt: Date;
}

/** Who sees drafts and writes pages: editors and administrators. */
const mayWrite = (reader: AuthUser | undefined) =>
  reader !== undefined && hasRole(reader.role, 'editor');

/** A published page says something: its body may not be blank. */
function assertReadable(status: StaticPageStatus, body: string): void {
  if (status === 'published' && body.trim() === '') {
    throw new ApiError(422, { body: "can't be blank" });
  }
}

function summary(page: StaticPageSummary): StaticPageSummaryDto {
  return {
    slug: page.slug,
    title: page.title,
    description: page.description,
    coverImage: page.coverImage,
    coverImageAlt: page.coverImageAlt,
    coverImageCaption: page.coverImageCaption,
    status: page.status,
    menuPosition: page.menuPosition,
    publishedAt: page.publishedAt ? page.publishedAt.toISOString() : null,
    createdAt: page.createdAt.toISOString(),
    updatedAt: page.updatedAt.toISOString(),
  };
}

function present(page: StaticPage): StaticPageDto {
  return { ...summary(page), body: page.body };
}

/**
 * The blog's pages that are not articles (About, Contact): anyone reads the published ones; editors and
 * administrators see drafts and write them. Few and curated: a slug that is taken is a 409, not a suffix.
 */
@Injectable()
export class StaticPagesService {
  constructor(
    private readonly pages: StaticPagesRepository,
    private readonly events: DomainEvents,
  ) {}

  /** The published pages, and for editors and administrators the drafts too; the menu's first. */
  async list(reader?: AuthUser): Promise<StaticPageSummaryDto[]> {
    return (await this.pages.list(mayWrite(reader))).map(summary);
  }

  /** One page; a draft only for editors and administrators (to anyone else it does not exist). */
  async view(slug: string, reader?: AuthUser): Promise<StaticPageDto> {
    const page = await this.pages.findOne({ slug });
    if (!page || (page.status === 'draft' && !mayWrite(reader))) {
      throw new RecordNotFoundError('page');
    }
    return present(page);
  }

  /** A published page, for the site's server-rendered page; undefined when there is none. */
  async findPublished(slug: string): Promise<PublishedStaticPage | undefined> {
    const page = await this.pages.findOne({ slug, status: 'published' });
    return page?.publishedAt ? { ...page, publishedAt: page.publishedAt } : undefined;
  }

  /** The published pages' addresses and when each last changed, for the sitemap. */
  async sitemapEntries(): Promise<{ slug: string; updatedAt: Date }[]> {
    return (await this.pages.list(false)).map(({ slug, updatedAt }) => ({ slug, updatedAt }));
  }

  async create(author: AuthUser, input: NewStaticPageDto): Promise<StaticPageDto> {
    const title = input.title.trim();
    const slug = input.slug == null ? slugOfTitle(title) : requestedSlug(input.slug);
    const status = input.status ?? 'draft';
    const body = input.body ?? '';
    assertReadable(status, body);
    if (await this.pages.isSlugTaken(slug)) throw slugTaken();
    const page = await this.pages.create({
      slug,
      title,
      body,
      description: input.description ?? '',
      ...newCover(input),
      status,
      menuPosition: input.menuPosition ?? null,
      publishedAt: status === 'published' ? new Date() : null,
      authorId: author.id,
    });
    if (page.status === 'published') {
      await this.events.publish('page.published', {
        pageId: page.id,
        slug: page.slug,
        status: page.status,
      });
    }
    return present(page);
  }

  /** Changes what is given; a slug of null follows the title again. Publishing dates it the first time. */
  async update(slug: string, changes: StaticPageChangesDto): Promise<StaticPageDto> {
    const page = await this.pages.lockBySlug(slug);
    const set: QueryDeepPartialEntity<StaticPage> = {};
    const title = changes.title?.trim() ?? page.title;
    if (title !== page.title) set.title = title;
    if (changes.body !== undefined && changes.body !== page.body) set.body = changes.body;
    if (changes.description !== undefined && changes.description !== page.description) {
      set.description = changes.description;
    }
    // As an article's: trimmed, and blank (the transform made it null) clears it.
    Object.assign(set, coverChanges(changes, page));
    const status = changes.status ?? page.status;
    if (status !== page.status) set.status = status;
    if (status === 'published' && page.publishedAt === null) set.publishedAt = new Date();
    if (changes.menuPosition !== undefined && changes.menuPosition !== page.menuPosition) {
      set.menuPosition = changes.menuPosition;
    }
    const newSlug =
      changes.slug === undefined
        ? undefined
        : changes.slug === null
          ? slugOfTitle(title)
          : requestedSlug(changes.slug);
    if (newSlug !== undefined && newSlug !== page.slug) {
      if (await this.pages.isSlugTaken(newSlug, page.id)) throw slugTaken();
      set.slug = newSlug;
    }
    assertReadable(status, changes.body ?? page.body);
    // A save that changes nothing (a client sending the whole page back) writes and tells nothing.
    if (Object.keys(set).length === 0) return present(page);
    const updated = await this.pages.update(page.id, set);
    const event = { pageId: page.id, slug: updated.slug, status: updated.status };
    await this.events.publish('page.updated', {
      ...event,
      previous: { slug: page.slug, status: page.status },
    });
    if (updated.status !== page.status) {
      await this.events.publish(
        updated.status === 'published' ? 'page.published' : 'page.unpublished',
        event,
      );
    }
    return present(updated);
  }

  async delete(slug: string): Promise<void> {
    const page = await this.pages.lockBySlug(slug);
    // Published before the row goes: in-transaction subscribers (webhooks) still read the page.
    await this.events.publish('page.deleted', {
      pageId: page.id,
      slug: page.slug,
      status: page.status,
    });
    await this.pages.delete(page.id);
  }

  /** The page as the API shows it, with its id, for webhooks; drafts included. */
  async viewForIntegrations(slug: string): Promise<StaticPageDto & { id: number }> {
    const page = await this.pages.getOne({ slug });
    return { id: page.id, ...present(page) };
  }
}

/** The slug a title gives; a title with nothing transliterable (emoji alone) gives `page`. */
function slugOfTitle(title: string): string {
  return plainSlug(title, MAX_ARTICLE_BASE_LENGTH) || 'page';
}
