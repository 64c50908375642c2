import { identifier, Sql, sql } from '../../../libs/database/sql';

/**
 * SQL for the public site's pages, feeds and sitemap: only active users are anyone's author there (a
 * deactivated user's profile and articles are gone from the public site). The knowledge of the users
 * table stays in the profiles module; callers embed these fragments in their own statements.
 */
export interface PublicAuthorSql {
  /** Joins the active user whose id is `userId` under `alias`: no row when the user is deactivated. */
  join(alias: string, userId: Sql): Sql;
  /** The author columns (authorUsername, authorBio, authorImage) of such a join. */
  columns(alias: string): Sql;
  /** A subquery (id, username, bio, image) of the active user named `username` in any case. */
  byUsername(username: string): Sql;
}

export const PUBLIC_AUTHOR_SQL: PublicAuthorSql = {
  join: (alias, userId) => {
    const u = identifier(alias);
    return sql`JOIN users ${u} ON ${u}.id = ${userId} AND ${u}.is_active`;
  },
  columns: (alias) => {
    const u = identifier(alias);
    return sql`${u}.username AS "authorUsername", ${u}.bio AS "authorBio", ${u}.image AS "authorImage"`;
  },
  byUsername: (username) =>
    sql`(SELECT pu.id, pu.username, pu.bio, pu.image FROM users pu WHERE lower(pu.username) = lower(${username}) AND pu.is_active)`,
};
