import { param, Sql, sql, SqlStatement, statement } from '../../../libs/database/sql';
import { rowMapper, SqlRow } from '../../../libs/database/sql-row';
import { PUBLIC_AUTHOR_SQL } from '../profiles/public-author.sql';
import { COVER_COLUMNS, readCover } from './article.sql';
import { tagNamed } from './tag.query';
import {
  FeedArticle,
  FeedSubject,
  FeedSubjectInfo,
  SitemapEntry,
  SitemapKind,
  SitemapTopics,
} from './syndication.types';

/**
 * The statements of feeds and the sitemap. Public here means what anyone may read and crawl: a published
 * article (a draft or a scheduled one is not) of an author whose account is active (the join drops the
 * others' articles).
 */
const PUBLIC_ARTICLE = sql`a.status = 'published'`;
const ARTICLES_WITH_AUTHOR = sql`articles a ${PUBLIC_AUTHOR_SQL.join('au', sql`a.author_id`)}`;

/** One row when the subject is public (an active author, a tag in public use, a category), none otherwise. */
function subjectQuery(subject: FeedSubject): Sql {
  switch (subject.kind) {
    case 'site':
      return sql`SELECT NULL::int AS id, NULL::varchar AS key, NULL::varchar AS name, NULL::text AS description`;
    case 'author':
      return sql`SELECT u.id, u.username AS key, u.username AS name, u.bio AS description
        FROM ${PUBLIC_AUTHOR_SQL.byUsername(subject.username)} u`;
    case 'tag':
      // A tag only drafts carry is not shown anywhere (GET /api/tags neither): it has no feed.
      return sql`SELECT t.id, t.name AS key, t.name AS name, NULL::text AS description FROM tags t
        WHERE ${tagNamed(subject.name)} AND EXISTS (
          SELECT 1 FROM article_tags at JOIN ${ARTICLES_WITH_AUTHOR} ON a.id = at.article_id
          WHERE at.tag_id = t.id AND ${PUBLIC_ARTICLE})`;
    case 'category':
      return sql`SELECT c.id, c.slug AS key, c.name, c.description FROM categories c
        WHERE c.slug = ${subject.slug}`;
  }
}

function subjectFilter(subject: FeedSubject): Sql {
  switch (subject.kind) {
    case 'site':
      return sql`true`;
    case 'author':
      return sql`a.author_id = s.id`;
    case 'tag':
      return sql`a.id IN (SELECT at.article_id FROM article_tags at WHERE at.tag_id = s.id)`;
    case 'category':
      return sql`a.category_id = s.id`;
  }
}

/**
 * The subject and its newest `limit` public articles, bodies, authors, categories and tags included, in
 * one statement: no row when the subject is unknown or not public, one row with no article when it has
 * none yet.
 */
export function feedQuery(subject: FeedSubject, limit: number): SqlStatement {
  return statement(sql`WITH s AS (${subjectQuery(subject)})
    SELECT s.key AS "subjectKey", s.name AS "subjectName", s.description AS "subjectDescription", f.*
    FROM s LEFT JOIN LATERAL (
      SELECT a.id, a.slug, a.first_slug AS "firstSlug", a.title, a.description, a.body,
             ${COVER_COLUMNS}, a.published_at AS "publishedAt",
             a.created_at AS "createdAt", a.updated_at AS "updatedAt",
             ${PUBLIC_AUTHOR_SQL.columns('au')},
             c.name AS "categoryName", c.slug AS "categorySlug",
             -- Each tag by its primary key: as a join, PostgreSQL hashes the whole tags table.
             ARRAY(SELECT (SELECT t.name FROM tags t WHERE t.id = at.tag_id) FROM article_tags at
                   WHERE at.article_id = a.id ORDER BY 1) AS tags
      FROM ${ARTICLES_WITH_AUTHOR} LEFT JOIN categories c ON c.id = a.category_id
      WHERE ${PUBLIC_ARTICLE} AND ${subjectFilter(subject)}
      ORDER BY a.published_at DESC, a.id DESC
      LIMIT ${limit}) f ON true
    ORDER BY f."publishedAt" DESC, f.id DESC`);
}

function readFeedArticle(row: SqlRow): FeedArticle {
  const categorySlug = row.nullableString('categorySlug');
  return {
    id: row.int('id'),
    slug: row.string('slug'),
    firstSlug: row.string('firstSlug'),
    title: row.string('title'),
    description: row.string('description'),
    body: row.string('body'),
    ...readCover(row),
    // Set whenever an article is published; the creation time stands in for a row that predates it.
    publishedAt: row.nullableDate('publishedAt') ?? row.date('createdAt'),
    updatedAt: row.date('updatedAt'),
    author: {
      username: row.string('authorUsername'),
      bio: row.nullableString('authorBio'),
      image: row.nullableString('authorImage'),
    },
    category: categorySlug ? { name: row.string('categoryName'), slug: categorySlug } : null,
    tags: row.strings('tags'),
  };
}

export interface FeedRow {
  subject: FeedSubjectInfo;
  article: FeedArticle | null;
}

export const feedRow = rowMapper<FeedRow>('feed', (row) => ({
  subject: {
    key: row.nullableString('subjectKey'),
    name: row.nullableString('subjectName'),
    description: row.nullableString('subjectDescription'),
  },
  article: row.isNull('id') ? null : readFeedArticle(row),
}));

/** The first id after `after` of a public row of `kind`: one probe of an index in id order. */
function firstIdAfter(kind: SitemapKind, after: Sql): Sql {
  if (kind === 'articles') {
    return sql`(SELECT a.id FROM ${ARTICLES_WITH_AUTHOR}
      WHERE ${PUBLIC_ARTICLE} AND a.id > ${after} ORDER BY a.id LIMIT 1)`;
  }
  return sql`(SELECT u.id FROM users u WHERE u.is_active AND u.id > ${after} AND ${HAS_PUBLIC_ARTICLE}
    ORDER BY u.id LIMIT 1)`;
}

// Authors are listed from users itself (PUBLIC_AUTHOR_SQL joins one author, it does not list them).
// (author_id, status, ...) finds the author's published articles; the first one ends the probe.
const HAS_PUBLIC_ARTICLE = sql`EXISTS (SELECT 1 FROM articles pa WHERE pa.author_id = u.id AND pa.status = 'published')`;

/**
 * The numbers (from 1) of the sitemap children of `kind` that hold a URL: child n holds the public rows
 * whose id is in ((n - 1) × size, n × size]. A loose index scan: one probe per child, never a count
 * or an OFFSET over the rows themselves.
 */
export function sitemapChildrenQuery(kind: SitemapKind, pageSize: number): SqlStatement {
  const size = param(pageSize);
  return statement(sql`WITH RECURSIVE pages(page) AS (
      SELECT (${firstIdAfter(kind, sql`0`)} - 1) / ${size}::int
      UNION ALL
      SELECT (${firstIdAfter(kind, sql`(p.page + 1) * ${size}::int`)} - 1) / ${size}::int
      FROM pages p WHERE p.page IS NOT NULL)
    SELECT page + 1 AS page FROM pages WHERE page IS NOT NULL ORDER BY page`);
}

export const sitemapChildRow = rowMapper('sitemap child', (row) => row.int('page'));

/** Up to `limit` public rows of `kind` with `after` < id <= `last`, in id order: one index range. */
export function sitemapChunkQuery(
  kind: SitemapKind,
  after: number,
  last: number,
  limit: number,
): SqlStatement {
  if (kind === 'articles') {
    return statement(sql`SELECT a.id, a.slug AS key, a.updated_at AS "lastModified",
        a.cover_image AS image
      FROM ${ARTICLES_WITH_AUTHOR}
      WHERE ${PUBLIC_ARTICLE} AND a.id > ${after} AND a.id <= ${last}
      ORDER BY a.id LIMIT ${limit}`);
  }
  return statement(sql`SELECT u.id, u.username AS key, NULL::timestamptz AS "lastModified",
      NULL::varchar AS image FROM users u
    WHERE u.is_active AND u.id > ${after} AND u.id <= ${last} AND ${HAS_PUBLIC_ARTICLE}
    ORDER BY u.id LIMIT ${limit}`);
}

export const sitemapEntryRow = rowMapper<SitemapEntry & { id: number }>('sitemap entry', (row) => ({
  id: row.int('id'),
  key: row.string('key'),
  lastModified: row.nullableDate('lastModified'),
  image: row.nullableString('image'),
}));

/**
 * Whether a public article matches `where`. LIMIT 1 keeps it a probe that stops at the first match: as
 * a plain EXISTS, PostgreSQL hashed every user for each category (330 ms at 1M articles).
 */
function hasPublicArticle(where: Sql): Sql {
  return sql`EXISTS (SELECT 1 FROM (SELECT 1 FROM ${ARTICLES_WITH_AUTHOR}
    WHERE ${where} AND ${PUBLIC_ARTICLE} LIMIT 1) found)`;
}

/** Tags on a public article and categories with one, by name and slug: one statement. */
export function sitemapTopicsQuery(): SqlStatement {
  return statement(sql`SELECT 'tag' AS kind, t.name AS key FROM tags t
      WHERE ${hasPublicArticle(sql`a.id IN (SELECT at.article_id FROM article_tags at WHERE at.tag_id = t.id)`)}
    UNION ALL
    SELECT 'category', c.slug FROM categories c WHERE ${hasPublicArticle(sql`a.category_id = c.id`)}
    ORDER BY 1, 2`);
}

export const sitemapTopicRow = rowMapper('sitemap topic', (row) => ({
  kind: row.oneOf('kind', ['tag', 'category'] as const),
  key: row.string('key'),
}));

export function topicsFromRows(
  rows: readonly { kind: 'tag' | 'category'; key: string }[],
): SitemapTopics {
  return {
    tags: rows.filter((row) => row.kind === 'tag').map((row) => row.key),
    categories: rows.filter((row) => row.kind === 'category').map((row) => row.key),
  };
}
