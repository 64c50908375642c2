import { param, sql, SqlStatement, statement } from '../../../libs/database/sql';
import { rowMapper } from '../../../libs/database/sql-row';
import { ArticleSql, Reader } from '../posts/article.sql';
import { ProfileColumns, ProfileSql, readProfileColumns } from '../profiles/profile.sql';

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

/**
 * The comments of the article `slug`, oldest first, with their authors' profiles (served by the
 * (article_id, id) index). No row when the reader may not see the article; one row of NULLs when it
 * has no comments.
 */
export function articleCommentsQuery(
  slug: string,
  reader: Reader | undefined,
  { articles, profiles }: CommentSqlDeps,
): SqlStatement {
  const readerId = param(reader?.id ?? null);
  return statement(sql`SELECT ${COLUMNS}, ${profiles.columns('au', sql`c.author_id`, readerId)}
    FROM ${articles.visible('a', slug, reader, readerId)}
    LEFT JOIN (comments c ${profiles.join('au', sql`c.author_id`)}) ON c.article_id = a.id
    ORDER BY c.id`);
}

/** Comments on the article `slug` and returns the comment; no row when the author may not see it. */
export function insertCommentQuery(
  slug: string,
  author: Reader,
  body: string,
  { articles, profiles }: CommentSqlDeps,
): SqlStatement {
  const authorId = param<number | null>(author.id);
  return statement(sql`WITH c AS (INSERT INTO comments (article_id, author_id, body)
      SELECT a.id, ${authorId}, ${body} FROM ${articles.visible('a', slug, author, authorId)}
      RETURNING *)
    SELECT ${COLUMNS}, ${profiles.columns('au', sql`c.author_id`, authorId)}
    FROM c ${profiles.join('au', sql`c.author_id`)}`);
}

/** One comment with its author's profile, whatever its article's status; no row when there is none. */
export function commentQuery(id: number, profiles: ProfileSql): SqlStatement {
  const none = param<number | null>(null);
  return statement(sql`SELECT ${COLUMNS}, ${profiles.columns('au', sql`c.author_id`, none)}
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
