-- comment-create: written by test/sql-snapshots.e2e-spec.ts (UPDATE_SQL_SNAPSHOTS=1 rewrites it)
-- values: [7,"Nice.","how-to-train-a-cat","published"]

WITH c AS (INSERT INTO comments (article_id, author_id, body)
      SELECT a.id, $1, $2 FROM (SELECT va.id FROM articles va WHERE va.slug = $3 AND (va.status = $4 OR va.author_id = $1)) a
      RETURNING *)
    SELECT c.id, c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.body, au.username AS "authorUsername", au.bio AS "authorBio", au.image AS "authorImage", EXISTS(SELECT 1 FROM follows pf WHERE pf.follower_id = $1 AND pf.followee_id = c.author_id) AS "authorFollowing"
    FROM c JOIN users au ON au.id = c.author_id
