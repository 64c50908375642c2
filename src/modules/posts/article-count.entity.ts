import { Check, Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

/** What a counter counts the articles of: the whole site, one author, one tag or one category. */
export const ARTICLE_COUNT_SCOPES = ['site', 'author', 'tag', 'category'] as const;
export type ArticleCountScope = (typeof ARTICLE_COUNT_SCOPES)[number];

/** Counter rows per (scope, key, status): a count is the sum of its shards. */
export const ARTICLE_COUNT_SHARDS = 16;

/**
 * How many articles of one status a scope holds, kept by triggers (migration ArticleCounters), never
 * written by the app. Row triggers on articles and article_tags collect each transaction's changes;
 * at commit a deferred trigger adds them up and applies them in one statement, in key order, to the
 * transaction's shard (its id modulo ARTICLE_COUNT_SHARDS): writers never deadlock on counters, hold
 * a counter row only while they commit, and 32 concurrent writers mostly land on different rows.
 * `key` is the author's, tag's or category's id (0 for the site). `npm run cli -- recount` rebuilds.
 */
@Entity()
@Index(['scope', 'status', 'key', 'shard'], { unique: true })
@Check('ck_article_counts_scope', `"scope" IN ('site', 'author', 'tag', 'category')`)
export class ArticleCount extends BaseEntity {
  @Column({ type: 'varchar', length: 8 })
  scope: ArticleCountScope;

  @Column({ type: 'integer' })
  key: number;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'smallint' })
  shard: number;

  /** This shard's share; one shard may go below zero, their sum never does. */
  @Column({ type: 'integer' })
  n: number;
}
