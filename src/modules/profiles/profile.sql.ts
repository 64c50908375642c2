import { Profile } from './profile.types';

/**
 * SQL that other modules embed to read users in their own statements, so that a page of articles or
 * comments with its authors' profiles is one statement. The auth module keeps the knowledge of its
 * tables (users, follows) here; callers pass SQL expressions and parameter placeholders, never values.
 */
export interface ProfileSql {
  /** Joins the profile of the user whose id is `userId`, under the alias `alias`. */
  join(alias: string, userId: string): string;
  /** The profile columns (authorUsername, authorBio, authorImage, authorFollowing) of a join. */
  columns(alias: string, userId: string, reader: string): string;
  /** The id of the user named by the parameter `username`, in any case; NULL when there is none. */
  idByUsername(username: string): string;
  /** The ids of the users the user `follower` follows, as a subquery for `IN`. */
  followeeIds(follower: string): string;
}

export const PROFILE_SQL: ProfileSql = {
  join: (alias, userId) => `JOIN users ${alias} ON ${alias}.id = ${userId}`,
  columns: (alias, userId, reader) =>
    [
      `${alias}.username AS "authorUsername"`,
      `${alias}.bio AS "authorBio"`,
      `${alias}.image AS "authorImage"`,
      `EXISTS(SELECT 1 FROM follows pf WHERE pf.follower_id = ${reader} AND pf.followee_id = ${userId}) AS "authorFollowing"`,
    ].join(', '),
  idByUsername: (username) =>
    `(SELECT pu.id FROM users pu WHERE lower(pu.username) = lower(${username}))`,
  followeeIds: (follower) =>
    `(SELECT pf.followee_id FROM follows pf WHERE pf.follower_id = ${follower})`,
};

/** The columns `PROFILE_SQL.columns` adds to a row. */
export interface ProfileColumns {
  authorUsername: string;
  authorBio: string | null;
  authorImage: string | null;
  authorFollowing: boolean;
}

export function profileFromColumns(row: ProfileColumns): Profile {
  return {
    username: row.authorUsername,
    bio: row.authorBio,
    image: row.authorImage,
    following: row.authorFollowing,
  };
}
