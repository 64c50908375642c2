/**
 * The floor's SQL: one statement per request after the token lookup, with the count, the page, tags,
 * favorites, the author's profile and following all computed in PostgreSQL.
 */

/** The columns of an article as the API shows it; $1 is the reader's id (or null). */
export const ARTICLE_COLUMNS = (withBody: boolean) => `
  a.id, a.slug, a.title, a.description, ${withBody ? 'a.body, a.newsletter,' : ''} a.status, a.author_id,
  a.published_at, a.created_at, a.updated_at, a.favorites_count, c.slug AS category, a.cover_image,
  a.cover_image_alt, a.cover_image_caption,
  ARRAY(SELECT (SELECT t.name FROM tags t WHERE t.id = at.tag_id) AS name FROM article_tags at
        WHERE at.article_id = a.id ORDER BY 1) AS tag_list,
  EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = $1) AS favorited,
  u.username, u.bio, u.image,
  EXISTS(SELECT 1 FROM follows fo WHERE fo.follower_id = $1 AND fo.followee_id = a.author_id) AS following`;

export const ARTICLE_BY_SLUG = `
  SELECT ${ARTICLE_COLUMNS(true)}
  FROM articles a JOIN users u ON u.id = a.author_id LEFT JOIN categories c ON c.id = a.category_id
  WHERE a.slug = $2`;

// is_superuser here: whether the reader sees others' drafts (an editor or administrator, as Folio's rule).
export const READER = `
  SELECT u.id, u.username, u.email, u.bio, u.image, u.is_active,
         COALESCE(u.role IN ('editor', 'administrator'), false) AS is_superuser,
         t.id AS token_id, t.expires_at, t.last_used_at
  FROM access_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`;

export const TOUCH_TOKEN = 'UPDATE access_tokens SET last_used_at = $2 WHERE id = $1';

/** Folio's MAX_UNPAGED_COMMENTS: without `limit`, the list answers this many comments at most. */
export const MAX_UNPAGED_COMMENTS = 500;

/**
 * $1 reader, $2 slug, $3 how many comments (one more than the page), and $4 the last id a previous
 * page showed: the article's status and author, and its comments in the lateral keyset page Folio
 * reads (one row of NULLs without comments).
 */
const COMMENTS_PAGE = (after: string) => `
  SELECT a.status, a.author_id AS article_author_id, l.* FROM articles a
  LEFT JOIN LATERAL (
    SELECT cm.id, cm.created_at, cm.updated_at, cm.body, u.username, u.bio, u.image,
           EXISTS(SELECT 1 FROM follows fo WHERE fo.follower_id = $1 AND fo.followee_id = cm.author_id) AS following
    FROM comments cm JOIN users u ON u.id = cm.author_id
    WHERE cm.article_id = a.id${after} ORDER BY cm.id LIMIT $3) l ON true
  WHERE a.slug = $2 ORDER BY l.id`;

export const COMMENTS = COMMENTS_PAGE('');
export const COMMENTS_AFTER = COMMENTS_PAGE(' AND cm.id > $4');

/** The tags of published articles, read off the kept tag counters: the most used first, then by name. */
export const TAGS = `
  SELECT t.name FROM tags t
  JOIN (SELECT k.key, sum(k.n) AS n FROM article_counts k WHERE k.scope = 'tag' AND k.status = 'published'
        GROUP BY k.key HAVING sum(k.n) > 0) used ON used.key = t.id
  ORDER BY used.n DESC, t.name`;

/** $1 reader, $2 slug, $3 title, $4 description, $5 body, $6 tag names. */
export const CREATE_ARTICLE = `
  WITH art AS (
    INSERT INTO articles (slug, title, description, body, status, published_at, author_id)
    VALUES ($2, $3, $4, $5, 'published', now(), $1) RETURNING *),
  new_tags AS (INSERT INTO tags (name) SELECT unnest($6::varchar[])
               ON CONFLICT ((lower(translate(name, 'ς', 'σ')))) DO NOTHING RETURNING id, name),
  all_tags AS (SELECT id, name FROM new_tags UNION
               SELECT id, name FROM tags WHERE lower(translate(name, 'ς', 'σ')) IN
                 (SELECT lower(translate(n, 'ς', 'σ')) FROM unnest($6::varchar[]) n)),
  linked AS (INSERT INTO article_tags (article_id, tag_id) SELECT art.id, all_tags.id FROM art, all_tags)
  SELECT art.*, ARRAY(SELECT name FROM all_tags ORDER BY name) AS tag_list FROM art`;

/** $1 reader, $2 slug, $3 reader is superuser: the article if the reader may see it. */
const VISIBLE = `SELECT id FROM articles
                 WHERE slug = $2 AND (status = 'published' OR author_id = $1 OR $3::boolean)`;

const CHANGED_ARTICLE = (favorited: boolean, sign: '+' | '-') => `
  SELECT ${ARTICLE_COLUMNS(true)
    .replace(/EXISTS\(SELECT 1 FROM favorites[^)]*\) AS favorited/, `${favorited} AS favorited`)
    .replace(
      'a.favorites_count,',
      `a.favorites_count ${sign} (SELECT count(*)::int FROM changed) AS favorites_count,`,
    )}
  FROM articles a JOIN target ON target.id = a.id JOIN users u ON u.id = a.author_id
  LEFT JOIN categories c ON c.id = a.category_id`;

// favorites_count follows favorites through a trigger (Folio's migration FavoritesCountTrigger); the
// statement's snapshot predates it, so the answer adds the change itself.
export const FAVORITE = `
  WITH target AS (${VISIBLE}),
  changed AS (INSERT INTO favorites (user_id, article_id) SELECT $1, id FROM target
              ON CONFLICT (user_id, article_id) DO NOTHING RETURNING article_id)
  ${CHANGED_ARTICLE(true, '+')}`;

export const UNFAVORITE = `
  WITH target AS (${VISIBLE}),
  changed AS (DELETE FROM favorites WHERE user_id = $1 AND article_id IN (SELECT id FROM target)
              RETURNING article_id)
  ${CHANGED_ARTICLE(false, '-')}`;

/** $1 reader, $2 slug, $3 superuser, $4 body. */
export const CREATE_COMMENT = `
  WITH target AS (${VISIBLE})
  INSERT INTO comments (article_id, author_id, body) SELECT id, $1, $4 FROM target
  RETURNING id, created_at, updated_at, body`;

export const USER_BY_EMAIL = `
  SELECT id, email, username, bio, image, password_hash, is_active, is_verified,
         role, COALESCE(role = 'administrator', false) AS is_superuser
  FROM users WHERE lower(email) = lower($1)`;

export const ISSUE_TOKEN = `
  INSERT INTO access_tokens (user_id, token_hash, expires_at, last_used_at)
  VALUES ($1, $2, now() + interval '30 days', now())`;
