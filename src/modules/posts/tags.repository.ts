import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { prepared, Sql, sql, statement } from '../../../libs/database/sql';
import { queryRows, rowMapper, runStatement } from '../../../libs/database/sql-row';
import { Tag } from './tag.entity';
import { insertTagsSql, linkTagsSql } from './tag.query';

const tagName = rowMapper('tag name', (row) => row.string('name'));

/** Each tag on a published article (`key`) and how many it is on (`n`), from the kept counts. */
const TAGS_IN_USE = sql`(SELECT k.key, sum(k.n) AS n FROM article_counts k
  WHERE k.scope = 'tag' AND k.status = 'published' GROUP BY k.key HAVING sum(k.n) > 0)`;

@Injectable()
export class TagsRepository extends BaseRepository<Tag> {
  constructor(session: DatabaseSession) {
    super(session, Tag);
  }

  /** Makes the article's tags exactly `names`: three statements whatever the number of tags. */
  async replaceArticleTags(articleId: number, names: readonly string[]): Promise<void> {
    await this.run(sql`DELETE FROM article_tags WHERE article_id = ${articleId}`);
    await this.addArticleTags(articleId, names);
  }

  /**
   * Gives an article (a new one, or one just cleared) the tags `names`: two statements. Not one CTE:
   * its snapshot would miss a tag that a concurrent transaction commits while this one waits on it.
   */
  async addArticleTags(articleId: number, names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.ensureTags(names);
    await this.linkExisting(articleId, names);
  }

  /**
   * Links `names` to an article that may have other tags already and returns all of its tag names, in
   * order: for the tags a new article's insert could not see (insertArticleQuery). They exist: another
   * transaction committed them while the insert waited on them.
   */
  async linkTags(articleId: number, names: readonly string[]): Promise<string[]> {
    await this.linkExisting(articleId, names);
    return this.articleTagNames(articleId);
  }

  /** The article's tag names, in order. */
  articleTagNames(articleId: number): Promise<string[]> {
    const query = sql`SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
      WHERE at.article_id = ${articleId} ORDER BY t.name`;
    return this.query((_repository, manager) => queryRows(manager, statement(query), tagName));
  }

  /**
   * Creates the tags of `names` that do not exist yet. A concurrent insert of the same tag makes this
   * wait, then do nothing: the next statement of the transaction sees it.
   */
  async ensureTags(names: readonly string[]): Promise<void> {
    await this.run(insertTagsSql(names));
  }

  /**
   * Every tag on at least one published article, the most used first (RealWorld's "popular tags"),
   * then by name: from the kept counts (ArticleCount).
   */
  namesInUse(): Promise<string[]> {
    const query = sql`SELECT t.name FROM tags t JOIN ${TAGS_IN_USE} used ON used.key = t.id
      ORDER BY used.n DESC, t.name`;
    return this.query((_repository, manager) => queryRows(manager, prepared(query), tagName));
  }

  /**
   * The name of the tag in use whose Ghost slug is `slug` (Ghost's rule: lower case, each run of other
   * characters one dash: `Ghost Tips` is `ghost-tips`), the one on the most published articles; null
   * when none. For a blog moved from Ghost, whose tag addresses name slugs. It reads every tag in use:
   * asked only for an address no tag is named.
   */
  async nameForGhostSlug(slug: string): Promise<string | null> {
    const query = sql`SELECT t.name FROM tags t JOIN ${TAGS_IN_USE} used ON used.key = t.id
      WHERE trim(BOTH '-' FROM regexp_replace(lower(t.name), '[^a-z0-9]+', '-', 'g')) = ${slug}
      ORDER BY used.n DESC, t.id LIMIT 1`;
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, statement(query), tagName),
    );
    return rows[0] ?? null;
  }

  /** Links the existing tags of `names` (in any case) to the article, but for those it has. */
  private async linkExisting(articleId: number, names: readonly string[]): Promise<void> {
    await this.run(linkTagsSql(articleId, names));
  }

  /** A statement whose rows nobody reads. */
  private async run(query: Sql): Promise<void> {
    await this.query((_repository, manager) => runStatement(manager, statement(query)));
  }
}
