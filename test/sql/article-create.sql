-- article-create: written by test/sql-snapshots.e2e-spec.ts (UPDATE_SQL_SNAPSHOTS=1 rewrites it)
-- values: ["how-to-train-a-cat","How to train a cat","Patience","First, ...",null,"published",null,7,null,["cats"]]

WITH a AS (
      INSERT INTO articles (slug, title, description, body, cover_image, status, published_at, author_id, category_id)
      VALUES ($1, $2, $3, $4, $5, $6,
              CASE $6::varchar WHEN 'published' THEN CURRENT_TIMESTAMP
                                      WHEN 'scheduled' THEN $7::timestamptz END,
              $8, $9)
      ON CONFLICT (slug) DO NOTHING RETURNING *),
    linked AS (
      INSERT INTO article_tags (article_id, tag_id)
      SELECT a.id, t.id FROM a, tags t WHERE t.name = ANY($10::varchar[]) RETURNING tag_id)
    SELECT a.id, a.slug, a.title, a.description, a.body, a.status,
           a.published_at AS "publishedAt", a.created_at AS "createdAt",
           a.updated_at AS "updatedAt", a.favorites_count AS "favoritesCount",
           a.author_id AS "authorId", c.slug AS category, a.cover_image AS "coverImage",
           ARRAY(SELECT t.name FROM tags t WHERE t.id IN (SELECT tag_id FROM linked)
                 ORDER BY t.name) AS "tagList",
           false AS favorited, au.username AS "authorUsername", au.bio AS "authorBio", au.image AS "authorImage", EXISTS(SELECT 1 FROM follows pf WHERE pf.follower_id = $8 AND pf.followee_id = a.author_id) AS "authorFollowing"
    FROM a JOIN users au ON au.id = a.author_id LEFT JOIN categories c ON c.id = a.category_id
