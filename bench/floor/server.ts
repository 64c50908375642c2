import { hash as argon2Hash, verify } from '@node-rs/argon2';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Pool } from 'pg';
import { hashSecretToken, newSecretToken } from '../../src/common/secret-token';
import { slugFrom, suffixedSlug } from '../../src/common/slug';
import { decodeCursor, encodeCursor } from './cursor';
import { COUNT_CAP, ListCursor, ListFilter, listQuery } from './list-query';
import * as sql from './queries';
import { article, comment, notFound, ownArticle, ownComment, Reader, Row } from './present';
import { SCHEMAS } from './schemas';

const TOUCH_INTERVAL_MS = 60_000;
type Query = Record<string, string | undefined>;
type Body = Record<string, Record<string, unknown> | undefined>;

/**
 * The floor: what the same API costs with nothing between Fastify and pg but hand-written SQL. The
 * token lookup is one statement, everything else one more (a CTE where Folio writes in several steps).
 */
export function buildFloor(pool: Pool): FastifyInstance {
  const app = Fastify({ bodyLimit: 1024 * 1024 });
  // The fixed statements are prepared once per connection (named), as the minimal reference server
  // does: PostgreSQL then parses and plans them once. The list statements vary with their filters and
  // are planned per call, as Folio's are.
  const names = new Map<string, string>();
  const run = <R extends Row>(text: string, values: unknown[]) => {
    let name = names.get(text);
    if (name === undefined) names.set(text, (name = `floor_${names.size}`));
    return pool.query<R>({ name, text, values });
  };
  let dummyHash: Promise<string> | undefined;

  async function reader(request: FastifyRequest, required: boolean): Promise<Reader | null> {
    const match = /^(?:Token|Bearer)\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      if (required) throw Object.assign(new Error('token'), { statusCode: 401 });
      return null;
    }
    const { rows } = await run<Row>(sql.READER, [hashSecretToken(match[1])]);
    const row = rows[0] as Record<string, unknown> | undefined;
    if (!row?.is_active || (row.expires_at as Date).getTime() <= Date.now()) {
      if (required) throw Object.assign(new Error('token'), { statusCode: 401 });
      return null;
    }
    const lastUsed = row.last_used_at as Date | null;
    if (!lastUsed || Date.now() - lastUsed.getTime() > TOUCH_INTERVAL_MS) {
      await run<Row>(sql.TOUCH_TOKEN, [row.token_id, new Date()]);
    }
    return {
      id: row.id as number,
      username: row.username as string,
      email: row.email as string,
      bio: row.bio as string | null,
      image: row.image as string | null,
      isSuperuser: row.is_superuser as boolean,
    };
  }

  /** A list's cursor: [publishedAt, id]; when searching [rank, publishedAt, id, asOf] (Folio's readCursor). */
  function readCursor(cursor: string, searching: boolean): ListCursor {
    if (!searching) {
      const [publishedAt, id] = decodeCursor(cursor, ['text', 'int']);
      return { publishedAt, id };
    }
    const [rank, publishedAt, id, asOf] = decodeCursor(cursor, ['number', 'text', 'int', 'text?']);
    return { rank, publishedAt, id, ...(asOf === null ? {} : { asOf }) };
  }

  async function list(request: FastifyRequest, filter: ListFilter, me: Reader | null) {
    const query = request.query as Query;
    const limit = Number(query.limit ?? 20);
    const searching = filter.q !== undefined;
    if (query.cursor !== undefined && Number(query.offset ?? 0) !== 0) {
      const body = { errors: { offset: ['cannot be combined with cursor'] } };
      throw Object.assign(new Error('offset'), { statusCode: 422, body });
    }
    const { text, values, counted } = listQuery(filter, me?.id ?? null, {
      limit,
      offset: Number(query.offset ?? 0),
      after: query.cursor === undefined ? undefined : readCursor(query.cursor, searching),
    });
    const { rows } = await pool.query<Row>(text, values);
    // No match still gives one row, with the count; the page has one row more when another follows.
    const listed = rows.filter((row) => row.id !== null);
    const shown = listed.slice(0, limit);
    const last = shown[shown.length - 1];
    const {
      count,
      partial,
      as_of: asOf,
    } = rows[0] as {
      count: number;
      partial: boolean;
      as_of: string | null;
    };
    const capped = !counted && count > COUNT_CAP;
    const key = listed.length > limit ? [last.cursor_at as string, last.id as number] : null;
    return {
      articles: shown.map((row) => article(row, false)),
      articlesCount: capped ? COUNT_CAP : count,
      articlesCountIsExact: !capped && !partial,
      nextCursor: key && encodeCursor(searching ? [last.rank as number, ...key, asOf] : key),
    };
  }

  app.setErrorHandler(
    (error: { statusCode?: number; body?: unknown }, _request, reply: FastifyReply) => {
      const status = error.statusCode ?? 500;
      void reply
        .status(status)
        .send(error.body ?? { errors: { [status === 401 ? 'token' : 'body']: ['invalid'] } });
    },
  );

  app.get('/api/articles', { schema: SCHEMAS.articles }, async (request) => {
    const query = request.query as Query;
    const filter: ListFilter = {};
    for (const key of ['tag', 'author', 'favorited', 'category'] as const) {
      if (query[key] !== undefined) filter[key] = query[key];
    }
    // Folio ignores a blank search.
    const q = query.q?.trim();
    if (q) filter.q = q;
    return list(request, filter, await reader(request, false));
  });

  app.get('/api/articles/feed', { schema: SCHEMAS.articles }, async (request) =>
    list(request, { feed: true }, await reader(request, true)),
  );

  /**
   * The rows `text` gives for the reader's id, the slug and `more` values, or null when the article is
   * missing or a draft the reader may not see (only its author, named by `authorColumn`, and superusers may).
   */
  async function visibleArticleRows(
    request: FastifyRequest,
    text: string,
    authorColumn: string,
    more: unknown[] = [],
  ): Promise<Row[] | null> {
    const me = await reader(request, false);
    const { slug } = request.params as { slug: string };
    const { rows } = await run<Row>(text, [me?.id ?? null, slug, ...more]);
    const first = rows[0] as Row | undefined;
    const visible =
      first && (first.status === 'published' || first[authorColumn] === me?.id || me?.isSuperuser);
    return visible ? rows : null;
  }

  app.get('/api/articles/:slug', { schema: SCHEMAS.article }, async (request, reply) => {
    const rows = await visibleArticleRows(request, sql.ARTICLE_BY_SLUG, 'author_id');
    if (!rows) return reply.status(404).send(notFound('article'));
    return { article: article(rows[0], true) };
  });

  app.get('/api/articles/:slug/comments', { schema: SCHEMAS.comments }, async (request, reply) => {
    const query = request.query as Query;
    const limit = Number(query.limit ?? sql.MAX_UNPAGED_COMMENTS);
    const after = query.cursor === undefined ? [] : decodeCursor(query.cursor, ['int']);
    const rows = await visibleArticleRows(
      request,
      after.length ? sql.COMMENTS_AFTER : sql.COMMENTS,
      'article_author_id',
      [limit + 1, ...after],
    );
    if (!rows) return reply.status(404).send(notFound('article'));
    // One row of NULLs without comments; one comment more than the page when another follows.
    const comments = rows.filter((row) => row.id !== null);
    const shown = comments.slice(0, limit);
    const more = comments.length > limit;
    return {
      comments: shown.map(comment),
      nextCursor: more ? encodeCursor([shown[shown.length - 1].id as number]) : null,
    };
  });

  app.get('/api/tags', { schema: SCHEMAS.tags }, async () => {
    const { rows } = await run<{ name: string }>(sql.TAGS, []);
    return { tags: rows.map((row) => row.name) };
  });

  app.post('/api/articles', async (request, reply) => {
    const me = (await reader(request, true)) as Reader;
    const input = (request.body as Body).article ?? {};
    const tags = [...new Set(((input.tagList as string[]) ?? []).map((tag) => tag.trim()))];
    const base = slugFrom(input.title as string);
    for (const slug of [base, suffixedSlug(base), suffixedSlug(base)]) {
      const values = [me.id, slug, input.title, input.description, input.body, tags];
      const { rows } = await run<Row>(sql.CREATE_ARTICLE, values).catch(
        (error: { code?: string }) => {
          // A slug taken by a concurrent insert: try the next candidate.
          if (error.code === '23505') return { rows: [] as Row[] };
          throw error;
        },
      );
      if (rows[0]) return reply.status(201).send({ article: ownArticle(rows[0], me) });
    }
    throw new Error('no free slug');
  });

  for (const [method, text] of [
    ['POST', sql.FAVORITE],
    ['DELETE', sql.UNFAVORITE],
  ] as const) {
    app.route({
      method,
      url: '/api/articles/:slug/favorite',
      handler: async (request, reply) => {
        const me = (await reader(request, true)) as Reader;
        const { slug } = request.params as { slug: string };
        const { rows } = await run<Row>(text, [me.id, slug, me.isSuperuser]);
        if (!rows[0]) return reply.status(404).send(notFound('article'));
        return { article: article(rows[0], true) };
      },
    });
  }

  app.post('/api/articles/:slug/comments', async (request, reply) => {
    const me = (await reader(request, true)) as Reader;
    const { slug } = request.params as { slug: string };
    const body = (request.body as Body).comment?.body;
    const { rows } = await run<Row>(sql.CREATE_COMMENT, [me.id, slug, me.isSuperuser, body]);
    if (!rows[0]) return reply.status(404).send(notFound('article'));
    return reply.status(201).send({ comment: ownComment(rows[0], me) });
  });

  app.post('/api/users/login', async (request, reply) => {
    const input = (request.body as Body).user ?? {};
    const { rows } = await run<Row>(sql.USER_BY_EMAIL, [String(input.email).trim()]);
    const user = rows[0] as Record<string, unknown> | undefined;
    const password = String(input.password);
    dummyHash ??= argon2Hash('dummy-password');
    const stored = user ? (user.password_hash as string) : await dummyHash;
    const valid = await verify(stored, password).catch(() => false);
    if (!user || !valid || !user.is_active) {
      return reply.status(401).send({ errors: { credentials: ['invalid'] } });
    }
    const { token, hash } = newSecretToken();
    await run<Row>(sql.ISSUE_TOKEN, [user.id, hash]);
    const { email, username, bio, image } = user;
    const flags = { isVerified: user.is_verified, role: user.role, isSuperuser: user.is_superuser };
    return { user: { email, token, username, bio, image, ...flags } };
  });

  return app;
}
