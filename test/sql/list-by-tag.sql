-- list-by-tag: written by test/sql-snapshots.e2e-spec.ts (UPDATE_SQL_SNAPSHOTS=1 rewrites it)
-- values: ["tag","published","cats",7,"cats","published","published",21,0]

SELECT n.count, n.kept, n.partial, p.* FROM (SELECT (SELECT COALESCE(sum(k.n), 0)::int FROM article_counts k
    WHERE k.scope = $1 AND k.status = $2 AND k.key = (SELECT t.id FROM tags t WHERE lower(translate(t.name, 'ς', 'σ')) = lower(translate($3::varchar, 'ς', 'σ')))) AS count, true AS kept, false AS partial) n
    LEFT JOIN LATERAL (
      SELECT a.id, a.slug, a.title, a.description, a.status,
    a.published_at AS "publishedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
    a.favorites_count AS "favoritesCount", a.author_id AS "authorId", c.slug AS category,
    a.cover_image AS "coverImage", a.cover_image_alt AS "coverImageAlt",
    a.cover_image_caption AS "coverImageCaption", ARRAY(SELECT (SELECT t.name FROM tags t WHERE t.id = at.tag_id) AS name FROM article_tags at WHERE at.article_id = a.id ORDER BY 1) AS "tagList", EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = $4) AS favorited, au.username AS "authorUsername", au.bio AS "authorBio", au.image AS "authorImage", EXISTS(SELECT 1 FROM follows pf WHERE pf.follower_id = $4 AND pf.followee_id = a.author_id) AS "authorFollowing", page.rank, to_char(a.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt" FROM (
        SELECT a.id, 0::real AS rank FROM article_tags at JOIN articles a ON a.id = at.article_id
        WHERE at.tag_id = (SELECT t.id FROM tags t WHERE lower(translate(t.name, 'ς', 'σ')) = lower(translate($5::varchar, 'ς', 'σ'))) AND at.article_status = $6 AND a.status = $7
        ORDER BY at.article_published_at DESC, at.article_id DESC
        LIMIT $8 OFFSET $9) page
      JOIN articles a ON a.id = page.id JOIN users au ON au.id = a.author_id LEFT JOIN categories c ON c.id = a.category_id) p ON true
    ORDER BY p.rank DESC, p."publishedAt" DESC, p.id DESC
