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
import { canSee } from './article-visibility';
import { presentArticle } from './article.presenter';
import { ArticlesRepository } from './articles.repository';
import { CategoriesRepository } from './categories.repository';
import { NewArticleDto } from './dto/create-article.dto';
import { ArticleDto } from './dto/article-response.dto';
import { ArticleChangesDto } from './dto/update-article.dto';
import { slugFrom, suffixedSlug } from './slug';
import { TagsRepository } from './tags.repository';

const SUFFIX_ATTEMPTS = 5;
const NOW = () => 'CURRENT_TIMESTAMP';

/** The slug, then suffixed variants of it. */
function* slugCandidates(base: string): Generator<string> {
  yield base;
  for (let attempt = 0; attempt < SUFFIX_ATTEMPTS; attempt++) yield suffixedSlug(base);
}

/** Trimmed and without duplicates; the database returns them sorted. */
function tagNames(tagList: readonly string[]): string[] {
  // Sorted: writers that add the same new tags lock them in one order and never deadlock.
  return [...new Set(tagList.map((tag) => tag.trim()))].sort();
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
   * false): for integrations that a superuser set up (webhooks).
   */
  async viewForIntegrations(slug: string): Promise<ArticleDto> {
    return presentArticle(await this.articles.getRow(slug, undefined, this.profiles.sql));
  }

  /** The id of an article `reader` may see, for features that hang off articles (comments). */
  async visibleId(slug: string, reader: AuthUser | undefined): Promise<number> {
    const article = await this.articles.findAccess(slug);
    if (!article || !canSee(article, reader)) throw new RecordNotFoundError('article');
    return article.id;
  }

  /** Three statements: the category (when named), the tags that are new, the article with its tags. */
  async create(author: AuthUser, input: NewArticleDto): Promise<ArticleDto> {
    const status = input.status ?? 'published';
    const data = {
      title: input.title,
      description: input.description,
      body: input.body,
      status,
      authorId: author.id,
      categoryId: input.category ? await this.categoryId(input.category) : null,
    };
    const tags = input.tagList?.length ? tagNames(input.tagList) : [];
    if (tags.length) await this.tags.ensureTags(tags);
    for (const slug of slugCandidates(slugFrom(input.title))) {
      const row = await this.articles.insertRow(data, slug, tags, this.profiles.sql);
      if (!row) continue;
      if (status === 'published') {
        await this.events.publish('article.published', {
          articleId: row.id,
          slug: row.slug,
          authorId: author.id,
          status,
        });
      }
      return presentArticle(row);
    }
    throw new Error('no free slug found');
  }

  /** Only the author edits; the slug follows the title and stays put when only the body changes. */
  async update(reader: AuthUser, slug: string, changes: ArticleChangesDto): Promise<ArticleDto> {
    const article = await this.articles.lockBySlug(slug);
    if (!canSee(article, reader)) throw new RecordNotFoundError('article');
    if (article.authorId !== reader.id) throw new ApiError(403, { article: 'forbidden' });

    const set: QueryDeepPartialEntity<Article> = {};
    if (changes.title !== undefined && changes.title !== article.title) {
      set.title = changes.title;
      set.slug = await this.slugForTitle(changes.title, article);
    }
    if (changes.description !== undefined) set.description = changes.description;
    if (changes.body !== undefined) set.body = changes.body;
    if (changes.category !== undefined) {
      set.categoryId = changes.category === null ? null : await this.categoryId(changes.category);
    }
    if (changes.status !== undefined && changes.status !== article.status) {
      set.status = changes.status;
      set.publishedAt = changes.status === 'published' ? NOW : null;
    }
    // Always an UPDATE, so updatedAt moves even when only the tags change.
    const updated = await this.articles.update(article.id, set);
    if (changes.tagList !== undefined) {
      await this.tags.replaceArticleTags(article.id, tagNames(changes.tagList));
    }
    const event = {
      articleId: article.id,
      slug: updated.slug,
      authorId: article.authorId,
      status: updated.status,
    };
    await this.events.publish('article.updated', event);
    if (updated.status !== article.status) {
      await this.events.publish(
        updated.status === 'published' ? 'article.published' : 'article.unpublished',
        event,
      );
    }
    return this.view(updated.slug, reader);
  }

  /** Authors delete their own articles, superusers any. */
  async delete(reader: AuthUser, slug: string): Promise<void> {
    const article = await this.articles.findAccess(slug);
    if (!article || !canSee(article, reader)) throw new RecordNotFoundError('article');
    if (article.authorId !== reader.id && !reader.isSuperuser) {
      throw new ApiError(403, { article: 'forbidden' });
    }
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

  /** The current slug when the new title gives the same one; otherwise the first free candidate. */
  private async slugForTitle(title: string, article: Article): Promise<string> {
    const base = slugFrom(title);
    if (slugFrom(article.title) === base) return article.slug;
    for (const candidate of slugCandidates(base)) {
      if (!(await this.articles.isSlugTaken(candidate, article.id))) return candidate;
    }
    throw new Error('no free slug found');
  }
}
