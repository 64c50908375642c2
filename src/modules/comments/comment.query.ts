import { param, prepared, sql, SqlStatement } from '../../../libs/database/sql';
import { rowMapper } from '../../../libs/database/sql-row';
import { ArticleSql, Reader } from '../posts/article.sql';
import { ProfileColumns, ProfileSql, readProfileColumns } from '../profiles/profile.sql';
import { MAX_UNPAGED_COMMENTS } from './dto/list-comments-query.dto';

/** A comment with its author's profile, as the statements below return it. */
export interface CommentRow extends ProfileColumns {
  id: number;
  createdAt: Date;
  updatedAt: Date;
  body: string;
}

/** The other modules' SQL these statements embed. */
export interface CommentSqlDeps {
  articles: ArticleSql;
  profiles: ProfileSql;
}

const COLUMNS = sql`c.id, c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.body`;

/** A keyset page of comments: `limit` of those after the comment `afterId` (null: from the first). */
export interface CommentsPage {
  afterId: number | null;
  limit: number;
}

/** What the RealWorld route answers without `limit` and `cursor`. */
const UNPAGED_COMMENTS: CommentsPage = { afterId: null, limit: MAX_UNPAGED_COMMENTS };

/**
 * A page of the comments of the article `slug`, oldest first (by id), with their authors' profiles
 * (a deactivated author's comments are left out):
 * `page.limit` of them and one more when there is a next page. The lateral subquery reads them off the
 * (article_id, id) index from the page's start, whatever the depth. No row when the reader may not see
 * the article; one row of NULLs when the page has no comments.
 */
export function articleCommentsQuery(
  slug: string,
  reader: Reader | undefined,
  { articles, profiles }: CommentSqlDeps,
  page: CommentsPage = UNPAGED_COMMENTS,
): SqlStatement {
  const readerId = param(reader?.id ?? null);
  const after = page.afterId === null ? sql`` : sql` AND c.id > ${page.afterId}`;
  return prepared(sql`SELECT l.* FROM ${articles.visible('a', slug, reader, readerId)}
    LEFT JOIN LATERAL (SELECT ${COLUMNS}, ${profiles.columns('au', sql`c.author_id`, readerId)}
      FROM comments c ${profiles.activeJoin('au', sql`c.author_id`)}
      WHERE c.article_id = a.id${after}
      ORDER BY c.id LIMIT ${page.limit + 1}) l ON true
    ORDER BY l.id`);
}

/** Comments on the article `slug` and returns the comment; no row when the author may not see it. */
export function insertCommentQuery(
  slug: string,
  author: Reader,
  body: string,
  { articles, profiles }: CommentSqlDeps,
): SqlStatement {
  const authorId = param<number | null>(author.id);
  return prepared(sql`WITH c AS (INSERT INTO comments (article_id, author_id, body)
      SELECT a.id, ${authorId}, ${body} FROM ${articles.visible('a', slug, author, authorId)}
      RETURNING *)
    SELECT ${COLUMNS}, ${profiles.columns('au', sql`c.author_id`, authorId)}
    FROM c ${profiles.join('au', sql`c.author_id`)}`);
}

/** One comment with its author's profile, whatever its article's status; no row when there is none. */
export function commentQuery(id: number, profiles: ProfileSql): SqlStatement {
  const none = param<number | null>(null);
  return prepared(sql`SELECT ${COLUMNS}, ${profiles.columns('au', sql`c.author_id`, none)}
    FROM comments c ${profiles.join('au', sql`c.author_id`)} WHERE c.id = ${id}`);
}

/** A comment row, or null for the row of NULLs of an article without comments. */
export const commentRow = rowMapper<CommentRow | null>('comment', (row) =>
  row.isNull('id')
    ? null
    : {
        id: row.int('id'),
        createdAt: row.date('createdAt'),
        updatedAt: row.date('updatedAt'),
        body: row.string('body'),
        ...readProfileColumns(row),
      },
);
