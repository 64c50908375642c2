-- article-create: written by test/sql-snapshots.e2e-spec.ts (UPDATE_SQL_SNAPSHOTS=1 rewrites it)
-- values: [["cats"],"how-to-train-a-cat",false,"How to train a cat","Patience","First, ...",true,null,null,null,"published",null,7,null]

WITH new_tags AS (
      INSERT INTO tags (name) SELECT unnest($1::varchar[]) ON CONFLICT ((lower(translate(name, 'ς', 'σ')))) DO NOTHING
      RETURNING id, name),
    tagged AS (
      SELECT id, name FROM new_tags
      UNION ALL SELECT t.id, t.name FROM tags t WHERE lower(translate(t.name, 'ς', 'σ')) IN (SELECT lower(translate(n, 'ς', 'σ')) FROM unnest($1::varchar[]) n)),
    a AS (
      INSERT INTO articles (slug, slug_chosen, title, description, body, newsletter, cover_image, cover_image_alt, cover_image_caption, status, published_at, author_id, category_id)
      VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
              CASE $11::varchar WHEN 'published' THEN COALESCE($12::timestamptz, CURRENT_TIMESTAMP)
                                      WHEN 'scheduled' THEN $12::timestamptz END,
              $13, $14)
      -- Taken as another's slug or first slug (its feed id): no row, and the caller tries another.
      ON CONFLICT DO NOTHING RETURNING *),
    linked AS (
      INSERT INTO article_tags (article_id, tag_id)
      SELECT a.id, t.id FROM a, tagged t RETURNING tag_id)
    SELECT a.id, a.slug, a.title, a.description, a.body, a.newsletter, a.status,
           a.published_at AS "publishedAt", a.created_at AS "createdAt",
           a.updated_at AS "updatedAt", a.favorites_count AS "favoritesCount",
           a.author_id AS "authorId", c.slug AS category, a.cover_image AS "coverImage", a.cover_image_alt AS "coverImageAlt",
    a.cover_image_caption AS "coverImageCaption",
           ARRAY(SELECT t.name FROM tagged t WHERE t.id IN (SELECT tag_id FROM linked)
                 ORDER BY t.name) AS "tagList",
           false AS favorited, au.username AS "authorUsername", au.bio AS "authorBio", au.image AS "authorImage", EXISTS(SELECT 1 FROM follows pf WHERE pf.follower_id = $13 AND pf.followee_id = a.author_id) AS "authorFollowing"
    FROM a JOIN users au ON au.id = a.author_id LEFT JOIN categories c ON c.id = a.category_id
