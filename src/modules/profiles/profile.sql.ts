import { identifier, Param, Sql, sql } from '../../../libs/database/sql';
import { SqlRow } from '../../../libs/database/sql-row';
import { Profile } from './profile.types';
import { PUBLIC_AUTHOR_SQL } from './public-author.sql';

/**
 * SQL that other modules embed to read users in their own statements, so that a page of articles or
 * comments with its authors' profiles is one statement. The profiles module keeps the knowledge of its
 * tables (users, follows) here; callers pass SQL expressions and values, which are bound as parameters.
 */
export interface ProfileSql {
  /** Joins the profile of the user whose id is `userId`, under the alias `alias`. */
  join(alias: string, userId: Sql): Sql;
  /** Like `join`, but no row when that user is deactivated: what they wrote is hidden with them. */
  activeJoin(alias: string, userId: Sql): Sql;
  /** The profile columns (authorUsername, authorBio, authorImage, authorFollowing) of a join. */
  columns(alias: string, userId: Sql, readerId: Param<number | null>): Sql;
  /** The id of the user named `username`, in any case; NULL when there is none. */
  idByUsername(username: string): Sql;
  /** Like `idByUsername`, but NULL for a deactivated user: what they chose is hidden with them. */
  activeIdByUsername(username: string): Sql;
  /** The ids of the users the user `followerId` follows, as a subquery for `IN`. */
  followeeIds(followerId: number): Sql;
}

export const PROFILE_SQL: ProfileSql = {
  join: (alias, userId) => {
    const u = identifier(alias);
    return sql`JOIN users ${u} ON ${u}.id = ${userId}`;
  },
  // The public site's join: only active users are anyone's author there.
  activeJoin: (alias, userId) => PUBLIC_AUTHOR_SQL.join(alias, userId),
  columns: (alias, userId, readerId) => {
    const u = identifier(alias);
    return sql`${u}.username AS "authorUsername", ${u}.bio AS "authorBio", ${u}.image AS "authorImage", EXISTS(SELECT 1 FROM follows pf WHERE pf.follower_id = ${readerId} AND pf.followee_id = ${userId}) AS "authorFollowing"`;
  },
  idByUsername: (username) =>
    sql`(SELECT pu.id FROM users pu WHERE lower(pu.username) = lower(${username}))`,
  activeIdByUsername: (username) =>
    sql`(SELECT pu.id FROM users pu WHERE lower(pu.username) = lower(${username}) AND pu.is_active)`,
  followeeIds: (followerId) =>
    sql`(SELECT pf.followee_id FROM follows pf WHERE pf.follower_id = ${followerId})`,
};

/** The columns `PROFILE_SQL.columns` adds to a row. */
export interface ProfileColumns {
  authorUsername: string;
  authorBio: string | null;
  authorImage: string | null;
  authorFollowing: boolean;
}

/** Reads the columns of `PROFILE_SQL.columns`, each with its type checked. */
export function readProfileColumns(row: SqlRow): ProfileColumns {
  return {
    authorUsername: row.string('authorUsername'),
    authorBio: row.nullableString('authorBio'),
    authorImage: row.nullableString('authorImage'),
    authorFollowing: row.boolean('authorFollowing'),
  };
}

export function profileFromColumns(row: ProfileColumns): Profile {
  return {
    username: row.authorUsername,
    bio: row.authorBio,
    image: row.authorImage,
    following: row.authorFollowing,
  };
}
