import { randomBytes } from 'node:crypto';
import { registerUser, RegisteredUser, useRegisteredUser } from './support/auth-factory';
import { walkCursor } from './support/cursor-walk';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

interface UsersPage {
  users: { id: number; username: string }[];
  usersCount: number;
  nextCursor: string | null;
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');

describe('admin users by cursor', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const admin = useRegisteredUser(t, { superuser: true });

  const list = (query: Record<string, string | number>) =>
    t.as(admin.token).get('/api/admin/users').query(query);

  const page = async (query: Record<string, string | number>) =>
    (await list(query).expect(200)).body as UsersPage;

  /** `count` users whose usernames share a fresh tag, oldest first. */
  const registerTagged = async (count: number) => {
    const tag = `cur${randomBytes(3).toString('hex')}`;
    const users: RegisteredUser[] = [];
    for (let i = 0; i < count; i++) users.push(await registerUser(t, { username: `${tag}_${i}` }));
    return { tag, users };
  };

  /** Every page from the first, `between` running after each page but the last. */
  const walk = (
    query: Record<string, string | number>,
    between?: (shown: UsersPage) => Promise<void>,
  ) => walkCursor((cursor) => page(cursor ? { ...query, cursor } : query), between);

  it('walking by cursor gives every matching user once, newest first, with the count of all', async () => {
    const { tag, users } = await registerTagged(5);
    const pages = await walk({ username: tag, limit: 2 });
    expect(pages.map((p) => p.users.map((u) => u.username))).toEqual([
      [`${tag}_4`, `${tag}_3`],
      [`${tag}_2`, `${tag}_1`],
      [`${tag}_0`],
    ]);
    expect(pages.map((p) => p.usersCount)).toEqual([5, 5, 5]);
    expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
    expect(pages.flatMap((p) => p.users.map((u) => u.id))).toEqual(
      users.map((u) => u.id).reverse(),
    );
  });

  it('users registered or deleted between pages neither repeat nor hide the others', async () => {
    const { tag, users } = await registerTagged(6);
    let added = 0;
    const pages = await walk({ username: tag, limit: 2 }, async (shown) => {
      // A newer user comes first and one already shown goes: by offset, the next page would
      // repeat a user, then skip one.
      await registerUser(t, { username: `${tag}_new${added++}` });
      await t.as(admin.token).delete(`/api/admin/users/${shown.users[0].id}`).expect(204);
    });
    const walked = pages.flatMap((p) => p.users.map((u) => u.id));
    expect(walked).toEqual(users.map((u) => u.id).reverse());
    expect(added).toBe(2);
  });

  it('offset still pages, and its answer carries the cursor of the page after it', async () => {
    const { tag, users } = await registerTagged(3);
    const second = await page({ username: tag, limit: 1, offset: 1 });
    expect(second.users.map((u) => u.id)).toEqual([users[1].id]);
    expect(second.usersCount).toBe(3);
    const third = await page({ username: tag, limit: 1, cursor: second.nextCursor! });
    expect(third.users.map((u) => u.id)).toEqual([users[0].id]);
    expect(third.nextCursor).toBeNull();
    const last = await page({ username: tag, limit: 2, offset: 1 });
    expect(last.nextCursor).toBeNull();
    const bare = await page({ username: tag });
    expect(bare).toEqual({ users: expect.any(Array), usersCount: 3, nextCursor: null });
  });

  it('a cursor with an offset is a 422', async () => {
    const { tag } = await registerTagged(3);
    const { nextCursor } = await page({ username: tag, limit: 1 });
    const response = await list({ username: tag, cursor: nextCursor!, offset: 1 }).expect(422);
    expect(response.body).toEqual({ errors: { offset: ['cannot be combined with cursor'] } });
  });

  it('a malformed cursor is a 422 on cursor', async () => {
    for (const cursor of [
      'not base64!',
      base64url('{not json'),
      base64url('{"id":1}'),
      base64url('["x"]'),
      base64url('[1,2]'),
      base64url('[0]'),
      base64url(`[${2 ** 31}]`),
    ]) {
      const response = await list({ cursor });
      expect({ cursor, status: response.status, body: response.body }).toEqual({
        cursor,
        status: 422,
        body: { errors: { cursor: ['is invalid'] } },
      });
    }
  });

  it('a client sending Content-Type: application/json on the GET gets its page', async () => {
    const { tag, users } = await registerTagged(3);
    const response = await list({ username: tag, limit: 2 })
      .set('Content-Type', 'application/json')
      .expect(200);
    const first = response.body as UsersPage;
    const next = await list({ username: tag, limit: 2, cursor: first.nextCursor! })
      .set('Content-Type', 'application/json')
      .expect(200);
    expect((next.body as UsersPage).users.map((u) => u.id)).toEqual([users[0].id]);
  });
});
