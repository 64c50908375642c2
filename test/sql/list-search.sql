-- list-search: written by test/sql-snapshots.e2e-spec.ts (UPDATE_SQL_SNAPSHOTS=1 rewrites it)
-- values: ["cats dogs","cats dogs","published","cats dogs","cats dogs",10001,200,10001,"published",7,10000,21,0]

WITH recent AS MATERIALIZED (SELECT a.id, a.published_at, ts_rank(a.search_vector, (websearch_to_tsquery('english', $1) || websearch_to_tsquery('russian', $2)))::real AS rank
        FROM articles a WHERE a.status = $3 AND a.search_vector @@ (websearch_to_tsquery('english', $4) || websearch_to_tsquery('russian', $5)) AND a.search_recent
        ORDER BY a.published_at DESC, a.id DESC LIMIT $6),
        matches AS MATERIALIZED (
          SELECT * FROM recent WHERE (SELECT count(*) FROM recent) >= $7
          UNION ALL (SELECT a.id, a.published_at, ts_rank(a.search_vector, (websearch_to_tsquery('english', $1) || websearch_to_tsquery('russian', $2)))::real AS rank
        FROM articles a WHERE a.status = $3 AND a.search_vector @@ (websearch_to_tsquery('english', $4) || websearch_to_tsquery('russian', $5)) AND NOT (SELECT count(*) FROM recent) >= $7
        ORDER BY a.published_at DESC, a.id DESC LIMIT $8))
        SELECT n.count, n.kept, n.partial, n."asOf", p.* FROM (SELECT (SELECT count(*)::int FROM matches) AS count, false AS kept, (SELECT count(*) FROM recent) >= $7 AS partial, to_char((SELECT max(l.published_at) FROM articles l WHERE l.status = $9) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "asOf") n
    LEFT JOIN LATERAL (
      SELECT a.id, a.slug, a.title, a.description, a.status,
    a.published_at AS "publishedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
    a.favorites_count AS "favoritesCount", a.author_id AS "authorId", c.slug AS category,
    a.cover_image AS "coverImage", a.cover_image_alt AS "coverImageAlt",
    a.cover_image_caption AS "coverImageCaption", ARRAY(SELECT (SELECT t.name FROM tags t WHERE t.id = at.tag_id) AS name FROM article_tags at WHERE at.article_id = a.id ORDER BY 1) AS "tagList", EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = $10) AS favorited, au.username AS "authorUsername", au.bio AS "authorBio", au.image AS "authorImage", EXISTS(SELECT 1 FROM follows pf WHERE pf.follower_id = $10 AND pf.followee_id = a.author_id) AS "authorFollowing", page.rank, to_char(a.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt" FROM (
        SELECT a.id, a.rank::real AS rank FROM (SELECT m.id, m.published_at, m.rank FROM matches m
        ORDER BY m.published_at DESC, m.id DESC LIMIT $11) a
        ORDER BY rank DESC, a.published_at DESC, a.id DESC
        LIMIT $12 OFFSET $13) page
      JOIN articles a ON a.id = page.id JOIN users au ON au.id = a.author_id LEFT JOIN categories c ON c.id = a.category_id) p ON true
    ORDER BY p.rank DESC, p."publishedAt" DESC, p.id DESC
