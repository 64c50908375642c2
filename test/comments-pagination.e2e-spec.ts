import { MAX_UNPAGED_COMMENTS } from '../src/modules/comments/dto/list-comments-query.dto';
import { useRegisteredUser } from './support/auth-factory';
import { walkCursor } from './support/cursor-walk';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

interface CommentsPage {
  comments: { id: number; body: string }[];
  nextCursor: string | null;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

describe('comments pages (limit, cursor, nextCursor)', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const writer = useRegisteredUser(t);

  const url = (slug: string) => `/api/articles/${slug}/comments`;

  const comment = async (slug: string, body: string): Promise<number> => {
    const response = await t
      .as(writer.token)
      .post(url(slug))
      .send({ comment: { body } })
      .expect(201);
    return response.body.comment.id as number;
  };

  /** `count` comments straight in the database, oldest first: faster than HTTP for long lists. */
  const insertComments = async (slug: string, count: number, from = 1): Promise<void> => {
    await t.dataSource.query(
      `INSERT INTO comments (article_id, author_id, body)
       SELECT a.id, $2, 'comment ' || g FROM articles a, generate_series($3::int, $4::int) g
       WHERE a.slug = $1 ORDER BY g`,
      [slug, writer.id, from, from + count - 1],
    );
  };

  const ids = async (slug: string): Promise<number[]> =>
    (
      await t.dataSource.query<{ id: number }[]>(
        'SELECT c.id FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.slug = $1 ORDER BY c.id',
        [slug],
      )
    ).map((row) => row.id);

  const page = async (slug: string, query: Record<string, string | number>) => {
    const response = await t.http().get(url(slug)).query(query).expect(200);
    return response.body as CommentsPage;
  };

  /** Every page from the first, `between` running after each page but the last. */
  const walk = (slug: string, limit: number, between?: (shown: CommentsPage) => Promise<void>) =>
    walkCursor((cursor) => page(slug, cursor ? { limit, cursor } : { limit }), between);

  it('walking the pages by cursor gives every comment once, oldest first', async () => {
    const article = await createArticle(t, writer.token);
    for (let i = 1; i <= 7; i++) await comment(article.slug, `comment ${i}`);

    const pages = await walk(article.slug, 3);

    expect(pages.map((p) => p.comments.length)).toEqual([3, 3, 1]);
    expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
    expect(pages.flatMap((p) => p.comments.map((c) => c.id))).toEqual(await ids(article.slug));
    expect(pages.flatMap((p) => p.comments.map((c) => c.body))).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((i) => `comment ${i}`),
    );
  });

  it('comments added and deleted between pages neither repeat nor hide the others', async () => {
    const article = await createArticle(t, writer.token);
    await insertComments(article.slug, 9);
    const existing = await ids(article.slug);
    const added: number[] = [];

    const pages = await walk(article.slug, 2, async (shown) => {
      added.push(await comment(article.slug, `added ${added.length + 1}`));
      // A comment the reader has seen goes too: with an offset, the next page would skip one.
      await t.dataSource.query('DELETE FROM comments WHERE id = $1', [shown.comments[0].id]);
    });

    const walked = pages.flatMap((p) => p.comments.map((c) => c.id));
    expect(pages.every((p) => p.comments.length <= 2)).toBe(true);
    expect(added.length).toBeGreaterThanOrEqual(4);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual([...walked].sort((a, b) => a - b));
    expect(walked.filter((id) => existing.includes(id))).toEqual(existing);
    // Added after the walk began, each is newer than every comment that existed: they follow them.
    expect(walked.filter((id) => !existing.includes(id))).toEqual(added);
  });

  it('the bare route answers the whole list with nextCursor null', async () => {
    const article = await createArticle(t, writer.token);
    await comment(article.slug, 'one');
    await comment(article.slug, 'two');
    const response = await t.http().get(url(article.slug)).expect(200);
    expect(response.body).toEqual({
      comments: [
        expect.objectContaining({ body: 'one' }),
        expect.objectContaining({ body: 'two' }),
      ],
      nextCursor: null,
    });

    const empty = await createArticle(t, writer.token);
    expect((await t.http().get(url(empty.slug)).expect(200)).body).toEqual({
      comments: [],
      nextCursor: null,
    });
  });

  it(`the bare route stops at ${MAX_UNPAGED_COMMENTS} comments, with a cursor for the rest`, async () => {
    const article = await createArticle(t, writer.token);
    await insertComments(article.slug, MAX_UNPAGED_COMMENTS);
    const exactly = await page(article.slug, {});
    expect(exactly.comments).toHaveLength(MAX_UNPAGED_COMMENTS);
    expect(exactly.nextCursor).toBeNull();

    await insertComments(article.slug, 2, MAX_UNPAGED_COMMENTS + 1);
    const all = await ids(article.slug);
    const first = await page(article.slug, {});
    expect(first.comments.map((c) => c.id)).toEqual(all.slice(0, MAX_UNPAGED_COMMENTS));
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await page(article.slug, { cursor: first.nextCursor! });
    expect(rest.comments.map((c) => c.body)).toEqual([
      `comment ${MAX_UNPAGED_COMMENTS + 1}`,
      `comment ${MAX_UNPAGED_COMMENTS + 2}`,
    ]);
    expect(rest.nextCursor).toBeNull();
  });

  it('limit without a cursor gives the first page; a page that ends the list has no cursor', async () => {
    const article = await createArticle(t, writer.token);
    await insertComments(article.slug, 3);
    const two = await page(article.slug, { limit: 2 });
    expect(two.comments.map((c) => c.body)).toEqual(['comment 1', 'comment 2']);
    expect(two.nextCursor).toEqual(expect.any(String));
    const three = await page(article.slug, { limit: 3 });
    expect(three.comments).toHaveLength(3);
    expect(three.nextCursor).toBeNull();

    for (const limit of ['0', '101', 'abc', '1e1', '']) {
      const response = await t.http().get(url(article.slug)).query({ limit }).expect(422);
      expect(response.body).toEqual({ errors: { limit: [expect.any(String)] } });
    }
  });

  it('a malformed cursor is a 422 on cursor; an empty one is none', async () => {
    const article = await createArticle(t, writer.token);
    await insertComments(article.slug, 2);
    const malformed = [
      'not base64!', // not base64url at all
      base64url('{not json'), // garbage JSON
      base64url('"text"'),
      base64url('{"id":1}'), // the wrong shape
      base64url('[]'),
      base64url('[1,2]'),
      base64url('["1"]'),
      base64url('[1.5]'),
      base64url('[0]'),
      base64url('[-1]'),
      base64url(`[${2 ** 31}]`), // past every id: PostgreSQL would refuse it as out of range
      base64url(`[${Number.MAX_SAFE_INTEGER + 2}]`),
    ];
    for (const cursor of malformed) {
      const response = await t.http().get(url(article.slug)).query({ cursor });
      expect({ cursor, status: response.status, body: response.body }).toEqual({
        cursor,
        status: 422,
        body: { errors: { cursor: ['is invalid'] } },
      });
    }
    const long = await t
      .http()
      .get(url(article.slug))
      .query({ cursor: 'A'.repeat(2000) });
    expect(long.status).toBe(422);
    expect(long.body).toEqual({ errors: { cursor: [expect.any(String)] } });
    // Given empty, as clients that send every key do, it is not given: the first page.
    const empty = await t.http().get(url(article.slug)).query({ cursor: '' }).expect(200);
    expect(empty.body).toEqual((await t.http().get(url(article.slug)).expect(200)).body);
  });

  it('a cursor with an offset is a 422: comments page by cursor only', async () => {
    const article = await createArticle(t, writer.token);
    await insertComments(article.slug, 3);
    const { nextCursor } = await page(article.slug, { limit: 1 });
    const response = await t
      .http()
      .get(url(article.slug))
      .query({ cursor: nextCursor!, offset: 1 })
      .expect(422);
    expect(response.body).toEqual({ errors: { offset: ['is not allowed'] } });
  });

  it('a cursor on an article the reader may not see, or none, is a 404', async () => {
    const article = await createArticle(t, writer.token);
    await insertComments(article.slug, 3);
    const { nextCursor } = await page(article.slug, { limit: 1 });
    expect(nextCursor).toEqual(expect.any(String));
    const draft = await createArticle(t, writer.token, { status: 'draft' });
    for (const slug of [draft.slug, 'no-such-article']) {
      const response = await t.http().get(url(slug)).query({ cursor: nextCursor! }).expect(404);
      expect(response.body).toEqual({ errors: { article: ['not found'] } });
    }
  });

  it('a client sending Content-Type: application/json on the GET gets its page', async () => {
    const article = await createArticle(t, writer.token);
    await insertComments(article.slug, 3);
    const get = (query: Record<string, string | number>) =>
      t
        .as(writer.token)
        .get(url(article.slug))
        .set('Content-Type', 'application/json')
        .query(query)
        .expect(200);
    const first = (await get({ limit: 2 })).body as CommentsPage;
    expect(first.comments.map((c) => c.body)).toEqual(['comment 1', 'comment 2']);
    const second = (await get({ limit: 2, cursor: first.nextCursor! })).body as CommentsPage;
    expect(second).toEqual({
      comments: [expect.objectContaining({ body: 'comment 3' })],
      nextCursor: null,
    });
  });
});
