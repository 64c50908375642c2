import { coverChanges, newCover } from '../../common/cover-input';
import { Injectable } from '@nestjs/common';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { DomainEvents } from '../../../libs/events/domain-events';
import { ApiError } from '../../common/api-exception.filter';
import { AuthUser } from '../accounts/auth-user.types';
import { ProfilesService } from '../profiles/profiles.service';
import { Article } from './article.entity';
import './article.events';
import { ARTICLE_SQL, ArticleSql } from './article.sql';
import { ArticlePermissions } from './article-permissions';
import { canSee } from './article-visibility';
import { presentArticle, presentSummary } from './article.presenter';
import {
  assertDatable,
  assertReadable,
  isScheduledAt,
  publishField,
  requestedPublication,
} from './article-publication';
import { ArticleRevisionsRepository } from './article-revisions.repository';
import { ArticlesRepository } from './articles.repository';
import { CategoriesRepository } from './categories.repository';
import { NewArticleDto } from './dto/create-article.dto';
import { ArticleDto, ArticleSummaryDto } from './dto/article-response.dto';
import { ArticleChangesDto } from './dto/update-article.dto';
import {
  isSlugOf,
  requestedSlug,
  RESERVED_ARTICLE_SLUGS,
  slugFrom,
  slugTaken,
  suffixedSlug,
} from '../../common/slug';
import { sameNames, tagKey, tagNames } from './tag-names';
import { ScheduledPublishingService } from './scheduled-publishing.service';
import { TagsRepository } from './tags.repository';

const SUFFIX_ATTEMPTS = 5;
const NOW = () => 'CURRENT_TIMESTAMP';
// Raw column references, evaluated on the row as it was (microseconds included, which Date drops).
const KEEP_PUBLISHED_AT = () => 'published_at';
const KEPT = () => 'kept_published_at';

/** The slug (unless a route has it), then suffixed variants of it. */
function* slugCandidates(base: string): Generator<string> {
  if (!RESERVED_ARTICLE_SLUGS.has(base)) yield base;
  for (let attempt = 0; attempt < SUFFIX_ATTEMPTS; attempt++) yield suffixedSlug(base);
}

/** The slug an author asked for, checked (requestedSlug), and 422 when a route has it. */
function checkedChoice(text: string): string {
  const slug = requestedSlug(text);
  if (RESERVED_ARTICLE_SLUGS.has(slug)) throw new ApiError(422, { slug: 'is reserved' });
  return slug;
}

/** Articles one at a time: read, write, delete, and the rules on who may. */
@Injectable()
export class ArticlesService {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly tags: TagsRepository,
    private readonly categories: CategoriesRepository,
    private readonly profiles: ProfilesService,
    private readonly events: DomainEvents,
    private readonly scheduler: ScheduledPublishingService,
    private readonly permissions: ArticlePermissions,
    private readonly revisions: ArticleRevisionsRepository,
  ) {}

  /** For other modules' statements that need an article the reader may see: see ArticleSql. */
  readonly sql: ArticleSql = ARTICLE_SQL;

  /** The article as `reader` sees it, its author's profile included: one statement. */
  async view(slug: string, reader: AuthUser | undefined): Promise<ArticleDto> {
    const row = await this.articles.getRow(slug, reader?.id, this.profiles.sql);
    if (!canSee(row, reader)) throw new RecordNotFoundError('article');
    return presentArticle(row);
  }

  /**
   * The article as the API shows it, whatever its status, with no reader (`favorited` and `following`
   * false): for integrations that an administrator set up (webhooks).
   */
  async viewForIntegrations(slug: string): Promise<ArticleDto> {
    return presentArticle(await this.articles.getRow(slug, undefined, this.profiles.sql));
  }

  /**
   * The articles `ids` that `reader` may see, as lists show them (no body), in the order given (an id
   * given twice comes once), in one statement: for a module that keeps article ids of its own (a
   * reading list, related articles) and shows them without reading the posts tables.
   */
  async summaries(
    ids: readonly number[],
    reader: AuthUser | undefined,
  ): Promise<ArticleSummaryDto[]> {
    const distinct = [...new Set(ids)];
    if (distinct.length === 0) return [];
    const rows = await this.articles.rowsById(distinct, reader, this.profiles.sql);
    return rows.map(presentSummary);
  }

  /**
   * The id and author of an article `reader` may see, for features that hang off articles (comments,
   * which its author moderates).
   */
  async visibleArticle(
    slug: string,
    reader: AuthUser | undefined,
  ): Promise<{ id: number; authorId: number }> {
    const article = await this.articles.findAccess(slug);
    if (!article || !canSee(article, reader)) throw new RecordNotFoundError('article');
    return { id: article.id, authorId: article.authorId };
  }

  /**
   * The id of an article `reader` may edit (ArticlePermissions), or the error that says why not (a 404
   * when they may not see it): for features that hang off an article's editing (previews, history).
   */
  async editableId(reader: AuthUser, slug: string): Promise<number> {
    const article = await this.articles.findAccess(slug);
    if (!article || !canSee(article, reader)) throw new RecordNotFoundError('article');
    this.permissions.assertMayEdit(reader, article);
    return article.id;
  }

  /**
   * One statement, the article with its tags (new ones created); one more for a named category, and one
   * to queue a scheduled article's publication.
   */
  async create(author: AuthUser, input: NewArticleDto): Promise<ArticleDto> {
    this.permissions.assertMayWrite(author);
    const requested = requestedPublication(input);
    this.permissions.assertMayPublish(author, requested.status, publishField(input));
    // A contributor's article is a draft unless asked otherwise (and asking otherwise is refused).
    const status =
      requested.status ?? (this.permissions.mayPublish(author) ? 'published' : 'draft');
    const { publishAt, publishedAt } = requested;
    assertDatable(status, publishedAt);
    assertReadable(status, input);
    const data = {
      title: input.title,
      description: input.description ?? '',
      body: input.body ?? '',
      newsletter: input.newsletter ?? true,
      ...newCover(input),
      status,
      publishedAt: publishAt ?? publishedAt ?? null,
      authorId: author.id,
      categoryId: input.category ? await this.categoryId(input.category) : null,
      slugChosen: input.slug != null,
    };
    const tags = input.tagList?.length ? tagNames(input.tagList) : [];
    const chosen = input.slug == null ? undefined : checkedChoice(input.slug);
    for (const slug of chosen ? [chosen] : slugCandidates(slugFrom(input.title))) {
      const row = await this.articles.insertRow(data, slug, tags, this.profiles.sql);
      if (!row) continue;
      if (row.tagList.length < tags.length) {
        // A tag that another request created while the insert ran, too late for its snapshot.
        const linked = new Set(row.tagList.map(tagKey));
        const missing = tags.filter((name) => !linked.has(tagKey(name)));
        row.tagList = await this.tags.linkTags(row.id, missing);
      }
      if (publishAt) await this.scheduler.schedule(row.id, publishAt);
      // The database withholds it instead when its author was deactivated meanwhile.
      if (row.status === 'published') {
        await this.events.publish('article.published', {
          articleId: row.id,
          slug: row.slug,
          authorId: author.id,
          status: row.status,
        });
      }
      return presentArticle(row);
    }
    if (chosen) throw slugTaken();
    throw new Error('no free slug found');
  }

  /**
   * The author edits (a contributor only their drafts), editors and administrators anyone's article
   * (ArticlePermissions). The slug is the one asked for, or follows the title (unless it was chosen) and
   * stays put when only the body changes; the old one redirects. A change of the text is kept in the
   * article's history: in the editor's current revision, or a new one (`newRevision`, for a restore).
   */
  async update(
    reader: AuthUser,
    slug: string,
    changes: ArticleChangesDto,
    { newRevision = false } = {},
  ): Promise<ArticleDto> {
    const article = await this.articles.lockBySlug(slug);
    if (!canSee(article, reader)) throw new RecordNotFoundError('article');
    this.permissions.assertMayEdit(reader, article);

    const set: QueryDeepPartialEntity<Article> = {};
    const { status, publishAt, publishedAt } = requestedPublication(changes, article);
    assertDatable(status ?? article.status, publishedAt);
    this.permissions.assertMayPublish(reader, status, publishField(changes));
    if (article.status === 'withheld' && status !== undefined && status !== 'draft') {
      throw new ApiError(409, {
        [publishField(changes)]: 'cannot be published while its author is deactivated',
      });
    }
    assertReadable(status ?? article.status, {
      description: changes.description ?? article.description,
      body: changes.body ?? article.body,
    });
    // The current slug sent back is an echo, not a choice; null (or "") lets the title give it again.
    const chosen = changes.slug == null ? undefined : checkedChoice(changes.slug);
    let followsTitle = !article.slugChosen;
    if (chosen !== undefined && chosen !== article.slug) {
      if (await this.articles.isSlugTaken(chosen, article.id)) throw slugTaken();
      set.slug = chosen;
      set.slugChosen = true;
      followsTitle = false;
    } else if (changes.slug === null && article.slugChosen) {
      set.slugChosen = false;
      followsTitle = true;
    }
    const title = changes.title ?? article.title;
    if (changes.title !== undefined && changes.title !== article.title) set.title = changes.title;
    if (followsTitle && (set.title !== undefined || set.slugChosen === false)) {
      const followed = await this.slugForTitle(title, article);
      if (followed !== article.slug) set.slug = followed;
    }
    // Links to the old address keep working: the page redirects to the new one.
    if (set.slug !== undefined && set.slug !== article.slug) {
      await this.articles.rememberSlug(article.id, article.slug);
    }
    if (changes.description !== undefined && changes.description !== article.description) {
      set.description = changes.description;
    }
    if (changes.body !== undefined && changes.body !== article.body) set.body = changes.body;
    if (changes.newsletter !== undefined && changes.newsletter !== article.newsletter) {
      set.newsletter = changes.newsletter;
    }
    Object.assign(set, coverChanges(changes, article));
    if (changes.category !== undefined) {
      const categoryId = changes.category === null ? null : await this.categoryId(changes.category);
      if (categoryId !== article.categoryId) set.categoryId = categoryId;
    }
    if (publishAt && !isScheduledAt(article, publishAt)) {
      // Scheduled, or rescheduled: the job queued for an earlier time finds it not due and does nothing.
      set.status = 'scheduled';
      set.publishedAt = publishAt;
      await this.scheduler.schedule(article.id, publishAt);
    } else if (status !== undefined && status !== article.status) {
      set.status = status;
      if (status === 'draft') {
        set.publishedAt = null;
        // Unpublished, it keeps its date for when it is published again; a schedule is just dropped.
        if (article.status !== 'scheduled') set.keptPublishedAt = KEEP_PUBLISHED_AT;
      } else if (status === 'published') {
        // Published again: the date asked for, else the one it had (not a schedule's: that is "now").
        set.publishedAt =
          publishedAt ?? (article.status === 'draft' && article.keptPublishedAt ? KEPT : NOW);
        set.keptPublishedAt = null;
      }
    } else if (publishedAt) {
      set.publishedAt = publishedAt;
    }
    const tags = changes.tagList === undefined ? undefined : tagNames(changes.tagList);
    const tagsChange =
      tags !== undefined && !sameNames(tags, await this.tags.articleTagNames(article.id));
    // A save that changes nothing (a client sending the whole article back) writes nothing, keeps
    // updatedAt (and the ETag) and tells no subscriber.
    if (Object.keys(set).length === 0 && !tagsChange) return this.view(article.slug, reader);
    // Always an UPDATE, so updatedAt moves even when only the tags change.
    const updated = await this.articles.update(article.id, set);
    if (tagsChange) await this.tags.replaceArticleTags(article.id, tags);
    if (set.title !== undefined || set.description !== undefined || set.body !== undefined) {
      await this.revisions.record(
        article.id,
        reader.id,
        updated,
        {
          title: article.title,
          description: article.description,
          body: article.body,
          // Its author's, when it was never saved again after it was written; else unknown.
          editorId:
            article.updatedAt.getTime() === article.createdAt.getTime() ? article.authorId : null,
          savedAt: article.updatedAt,
        },
        newRevision,
      );
    }
    const event = {
      articleId: article.id,
      slug: updated.slug,
      authorId: article.authorId,
      status: updated.status,
    };
    await this.events.publish('article.updated', {
      ...event,
      previous: { slug: article.slug, status: article.status },
    });
    // Scheduling or unscheduling a draft changes nothing a reader sees.
    if (updated.status === 'published' && article.status !== 'published') {
      await this.events.publish('article.published', event);
    } else if (article.status === 'published' && updated.status !== 'published') {
      await this.events.publish('article.unpublished', event);
    }
    return this.view(updated.slug, reader);
  }

  /** Authors delete their own articles (a contributor only drafts), editors and administrators any. */
  async delete(reader: AuthUser, slug: string): Promise<void> {
    const article = await this.articles.findAccess(slug);
    if (!article || !canSee(article, reader)) throw new RecordNotFoundError('article');
    this.permissions.assertMayDelete(reader, article);
    // Published before the row goes, in the same transaction: in-transaction subscribers (webhooks)
    // still read the article; after-commit ones run only if the delete below commits.
    await this.events.publish('article.deleted', {
      articleId: article.id,
      slug,
      authorId: article.authorId,
      status: article.status,
    });
    // A parallel delete of the same article may have won since it was read: only one answers 204.
    if (!(await this.articles.delete(article.id))) throw new RecordNotFoundError('article');
  }

  private async categoryId(slug: string): Promise<number> {
    const category = await this.categories.findOne({ slug });
    if (!category) throw new ApiError(422, { category: 'does not exist' });
    return category.id;
  }

  /**
   * The current slug when it is the title's already (as made, or with a suffix); otherwise the first
   * free candidate.
   */
  private async slugForTitle(title: string, article: Article): Promise<string> {
    const base = slugFrom(title);
    if (isSlugOf(article.slug, base)) return article.slug;
    for (const candidate of slugCandidates(base)) {
      if (!(await this.articles.isSlugTaken(candidate, article.id))) return candidate;
    }
    throw new Error('no free slug found');
  }
}
