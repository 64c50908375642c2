-- comments-list: written by test/sql-snapshots.e2e-spec.ts (UPDATE_SQL_SNAPSHOTS=1 rewrites it)
-- values: ["how-to-train-a-cat","published",7,501]

SELECT l.* FROM (SELECT va.id FROM articles va WHERE va.slug = $1 AND (va.status = $2 OR va.author_id = $3)) a
    LEFT JOIN LATERAL (SELECT c.id, c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.body, au.username AS "authorUsername", au.bio AS "authorBio", au.image AS "authorImage", EXISTS(SELECT 1 FROM follows pf WHERE pf.follower_id = $3 AND pf.followee_id = c.author_id) AS "authorFollowing"
      FROM comments c JOIN users au ON au.id = c.author_id AND au.is_active
      WHERE c.article_id = a.id
      ORDER BY c.id LIMIT $4) l ON true
    ORDER BY l.id
