-- unfavorite: written by test/sql-snapshots.e2e-spec.ts (UPDATE_SQL_SNAPSHOTS=1 rewrites it)
-- values: ["how-to-train-a-cat","published",7]

WITH target AS (SELECT v.id FROM (SELECT va.id FROM articles va WHERE va.slug = $1 AND (va.status = $2 OR va.author_id = $3)) v),
    changed AS (DELETE FROM favorites f USING target t WHERE f.user_id = $3 AND f.article_id = t.id)
    SELECT a.id, a.slug, a.title, a.description, a.body, a.newsletter, a.status,
    a.published_at AS "publishedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
    a.favorites_count - (EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = $3))::integer AS "favoritesCount", a.author_id AS "authorId", c.slug AS category,
    a.cover_image AS "coverImage", a.cover_image_alt AS "coverImageAlt",
    a.cover_image_caption AS "coverImageCaption", ARRAY(SELECT (SELECT t.name FROM tags t WHERE t.id = at.tag_id) AS name FROM article_tags at WHERE at.article_id = a.id ORDER BY 1) AS "tagList", false AS favorited, au.username AS "authorUsername", au.bio AS "authorBio", au.image AS "authorImage", EXISTS(SELECT 1 FROM follows pf WHERE pf.follower_id = $3 AND pf.followee_id = a.author_id) AS "authorFollowing"
    FROM target JOIN articles a ON a.id = target.id JOIN users au ON au.id = a.author_id LEFT JOIN categories c ON c.id = a.category_id
