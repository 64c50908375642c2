import {
  changeAccess,
  RegisteredUser,
  registerUser,
  setRole,
  useRegisteredUser,
} from './support/auth-factory';
import { loadConfig } from '../src/config/app-config';
import { createTestApp, useTestApp } from './support/test-app';

interface AdminUser {
  id: number;
  username: string;
}

describe('admin user management', () => {
  const t = useTestApp({ AUTH_RATE_LIMIT_ENABLED: 'false' });
  const admin = useRegisteredUser(t, { superuser: true });

  const as = (user: RegisteredUser) => ({
    get: (path: string) => t.as(user.token).get(path),
    patch: (path: string, body: object) => t.as(user.token).patch(path).send(body),
    delete: (path: string) => t.as(user.token).delete(path),
  });

  it('gives 403 to non-administrators (editors too) and 401 without a token on every route', async () => {
    const user = await registerUser(t);
    const editor = await registerUser(t);
    await setRole(t, editor.id, 'editor');
    const path = `/api/admin/users/${user.id}`;
    for (const caller of [user, editor]) {
      for (const response of [
        await as(caller).get('/api/admin/users'),
        await as(caller).get(path),
        await as(caller).patch(path, { user: { role: 'administrator' } }),
        await as(caller).delete(path),
      ]) {
        expect(response.status).toBe(403);
        expect(response.body).toEqual({ errors: { user: ['must be an administrator'] } });
      }
    }
    await t.http().get('/api/admin/users').expect(401);
    const [row] = await t.dataSource.query('SELECT role FROM users WHERE id = $1', [user.id]);
    expect(row.role).toBeNull();
  });

  it('lists users with filters and pagination, without password hashes', async () => {
    const tag = `flt${Date.now()}`;
    const users = [];
    for (let i = 0; i < 3; i++) users.push(await registerUser(t, { username: `${tag}_${i}` }));
    await changeAccess(t, 'UPDATE users SET is_verified = true WHERE id = $1', [users[0].id]);
    const page = await as(admin)
      .get(`/api/admin/users?username=${tag}&limit=2&offset=0`)
      .expect(200);
    expect(page.body.usersCount).toBe(3);
    expect((page.body.users as AdminUser[]).map((u) => u.username)).toEqual([
      `${tag}_2`,
      `${tag}_1`,
    ]);
    expect(page.body.users[0]).toEqual({
      id: users[2].id,
      email: users[2].email,
      username: `${tag}_2`,
      bio: null,
      image: null,
      isActive: true,
      isVerified: false,
      role: null,
      hasPassword: true,
      isSuperuser: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const next = await as(admin)
      .get(`/api/admin/users?username=${tag}&limit=2&offset=2`)
      .expect(200);
    expect((next.body.users as AdminUser[]).map((u) => u.id)).toEqual([users[0].id]);
    const verified = await as(admin)
      .get(`/api/admin/users?username=${tag}&verified=true`)
      .expect(200);
    expect((verified.body.users as AdminUser[]).map((u) => u.id)).toEqual([users[0].id]);
    const byEmail = await as(admin)
      .get(`/api/admin/users?email=${users[1].email.toUpperCase()}`)
      .expect(200);
    expect((byEmail.body.users as AdminUser[]).map((u) => u.id)).toEqual([users[1].id]);
    await as(admin).get('/api/admin/users?active=maybe').expect(422);
    // A filter form that sends every key, the unused ones empty: no filter, as every list takes it.
    const unfiltered = await as(admin)
      .get('/api/admin/users?active=&verified=&limit=100')
      .expect(200);
    const all = await as(admin).get('/api/admin/users?limit=100').expect(200);
    expect(unfiltered.body.usersCount).toBe(all.body.usersCount);
    await as(admin).get('/api/admin/users?limit=1000').expect(422);
    expect(JSON.stringify(page.body)).not.toMatch(/argon2|passwordHash/);
  });

  it('deactivation stops login and existing tokens; reactivation allows login again', async () => {
    const user = await registerUser(t);
    const path = `/api/admin/users/${user.id}`;
    const patched = await as(admin)
      .patch(path, { user: { isActive: false } })
      .expect(200);
    expect(patched.body.user.isActive).toBe(false);
    await t.as(user.token).get('/api/user').expect(401);
    const login = () =>
      t
        .http()
        .post('/api/users/login')
        .send({ user: { email: user.email, password: user.password } });
    await login().expect(401);
    await as(admin)
      .patch(path, { user: { isActive: true, isVerified: true } })
      .expect(200);
    const fresh = await login().expect(200);
    await t.as(fresh.body.user.token).get('/api/user').expect(200);
    // Tokens from before the deactivation stay revoked.
    await t.as(user.token).get('/api/user').expect(401);
  });

  it('sets and removes roles, reads one user, 404 for unknown ids, 422 for an unknown role', async () => {
    const user = await registerUser(t);
    const path = `/api/admin/users/${user.id}`;
    for (const role of ['contributor', 'author', 'editor'] as const) {
      const set = await as(admin).patch(path, { user: { role } }).expect(200);
      expect(set.body.user).toMatchObject({ role, isSuperuser: false });
      // The role travels with the token check: the next request sees it, no new token needed.
      expect((await as(user).get('/api/user').expect(200)).body.user.role).toBe(role);
      await as(user).get('/api/admin/users').expect(403);
    }
    const promoted = await as(admin)
      .patch(path, { user: { role: 'administrator' } })
      .expect(200);
    expect(promoted.body.user).toMatchObject({ role: 'administrator', isSuperuser: true });
    await as(user).get('/api/admin/users').expect(200);
    const removed = await as(admin)
      .patch(path, { user: { role: null } })
      .expect(200);
    expect(removed.body.user).toMatchObject({ role: null, isSuperuser: false });
    await as(user).get('/api/admin/users').expect(403);
    expect((await as(admin).get(path).expect(200)).body.user).toMatchObject({
      username: user.username,
      role: null,
    });
    for (const bad of ['999999', 'abc', '99999999999']) {
      expect((await as(admin).get(`/api/admin/users/${bad}`).expect(404)).body).toEqual({
        errors: { user: ['not found'] },
      });
    }
    for (const role of ['reader', 'superuser', 'Editor', 1, true]) {
      expect((await as(admin).patch(path, { user: { role } }).expect(422)).body).toEqual({
        errors: {
          role: ['must be one of contributor, author, editor, administrator, or null for a reader'],
        },
      });
    }
    // isSuperuser is in the answers only; it is not a field one sets.
    await as(admin)
      .patch(path, { user: { isSuperuser: true } })
      .expect(422);
    await as(admin)
      .patch(path, { user: { passwordHash: 'x' } })
      .expect(422);
    await as(admin).delete(`/api/admin/users/${admin.id}`).expect(409);
  });

  it('the last active administrator keeps the role and the account (409), another may step down', async () => {
    const rows = await t.dataSource.query<{ id: number }[]>(
      "SELECT id FROM users WHERE role = 'administrator' AND is_active AND id <> $1",
      [admin.id],
    );
    for (const { id } of rows) await setRole(t, id, null);
    const last = {
      errors: { user: ['is the last administrator: make another user an administrator first'] },
    };
    const self = `/api/admin/users/${admin.id}`;
    for (const change of [{ role: null }, { role: 'editor' }, { isActive: false }]) {
      expect((await as(admin).patch(self, { user: change }).expect(409)).body).toEqual(last);
    }
    // Giving the role again, or verifying, takes nothing away.
    await as(admin)
      .patch(self, { user: { role: 'administrator', isVerified: true } })
      .expect(200);

    // With a second administrator, either may step down; the one left is the last again.
    const second = await registerUser(t);
    await as(admin)
      .patch(`/api/admin/users/${second.id}`, { user: { role: 'administrator' } })
      .expect(200);
    const stepDown = await as(second)
      .patch(`/api/admin/users/${second.id}`, { user: { role: 'author' } })
      .expect(200);
    expect(stepDown.body.user.role).toBe('author');
    expect(
      (
        await as(admin)
          .patch(self, { user: { isActive: false } })
          .expect(409)
      ).body,
    ).toEqual(last);
    const [{ role, is_active }] = await t.dataSource.query<{ role: string; is_active: boolean }[]>(
      'SELECT role, is_active FROM users WHERE id = $1',
      [admin.id],
    );
    expect({ role, is_active }).toEqual({ role: 'administrator', is_active: true });
  });

  it('deletes a user with their tokens and follows', async () => {
    const user = await registerUser(t);
    await t.as(user.token).post(`/api/profiles/${admin.username}/follow`).expect(200);
    await as(admin).delete(`/api/admin/users/${user.id}`).expect(204);
    await as(admin).get(`/api/admin/users/${user.id}`).expect(404);
    await as(admin).delete(`/api/admin/users/${user.id}`).expect(404);
    await t.as(user.token).get('/api/user').expect(401);
    const left = await t.dataSource.query(
      'SELECT (SELECT count(*) FROM access_tokens WHERE user_id = $1)::int + (SELECT count(*) FROM follows WHERE follower_id = $1)::int AS n',
      [user.id],
    );
    expect(left[0].n).toBe(0);
  });
});

describe('the first administrator from FIRST_SUPERUSER_*', () => {
  it('is created on first start, verified, and can use the admin routes', async () => {
    const t = await createTestApp({
      FIRST_SUPERUSER_EMAIL: 'root@example.test',
      FIRST_SUPERUSER_USERNAME: 'root',
      FIRST_SUPERUSER_PASSWORD: 'root-password-1',
    });
    try {
      const login = await t
        .http()
        .post('/api/users/login')
        .send({ user: { email: 'root@example.test', password: 'root-password-1' } })
        .expect(200);
      const list = await t.as(login.body.user.token).get('/api/admin/users').expect(200);
      expect(list.body.users).toEqual([
        expect.objectContaining({ username: 'root', role: 'administrator', isVerified: true }),
      ]);
    } finally {
      await t.close();
    }
  });

  it('a bad value stops the start with one line naming the variable', () => {
    expect(() => loadConfig({ FIRST_SUPERUSER_EMAIL: 'root@example.test' })).toThrow(
      'FIRST_SUPERUSER_EMAIL and FIRST_SUPERUSER_PASSWORD must be set together',
    );
    expect(() => loadConfig({ AUTH_ARGON2_MEMORY_KIB: 'lots' })).toThrow(
      'Invalid configuration: AUTH_ARGON2_MEMORY_KIB must be a whole number',
    );
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(
      'Invalid configuration: SMTP_URL must start with smtp:// or smtps://',
    );
    expect(() => loadConfig({ ARTICLE_WRITERS: 'staff' })).toThrow(
      'Invalid configuration: ARTICLE_WRITERS must be one of open, staff-only (got "staff")',
    );
    expect(loadConfig({}).posts.articleWriters).toBe('open');
    expect(loadConfig({ ARTICLE_WRITERS: 'staff-only' }).posts.articleWriters).toBe('staff-only');
  });
});
