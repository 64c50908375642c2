import { Client } from 'pg';
import type { WatchedChannel } from '../libs/database/database-notifications';
import { AccessCache } from '../src/modules/accounts/access-cache';
import { changeAccess, makeSuperuser, RegisteredUser, registerUser } from './support/auth-factory';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { recordStatements } from './support/sql-recorder';
import { TestApp, useTestApps } from './support/test-app';
import { waitFor } from './support/wait-for';

/**
 * Each instance keeps the tokens it has read (AccessCache): two instances on one database, as behind a
 * load balancer. A token revoked or a user deactivated on one is refused at once there, and on the
 * other as soon as the change's notification reaches it; a change in plain SQL notifies the same.
 */
describe('tokens kept in memory', () => {
  const [t, second] = useTestApps(2, FAST_AUTH_ENV);

  /** Signed in and listening: the token is kept on both instances after one request to each. */
  async function signedInEverywhere(): Promise<RegisteredUser> {
    const user = await registerUser(t);
    for (const app of [t, second]) {
      const cache = app.app.get(AccessCache);
      await waitFor('the instance to listen for access changes', async () => {
        await app.as(user.token).get('/api/user').expect(200);
        return cache.epoch() !== undefined;
      });
    }
    return user;
  }

  /**
   * Runs `work` with `app` deaf to notifications (its channel frozen, still live): only its own commits
   * can then drop what it keeps, as when a notification is late.
   */
  async function deaf<T>(app: TestApp, work: () => Promise<T>): Promise<T> {
    const kept: AccessCache = app.app.get(AccessCache);
    const cache = kept as unknown as { channel: WatchedChannel };
    const listening = cache.channel;
    cache.channel = { live: true, version: listening.version };
    try {
      return await work();
    } finally {
      cache.channel = listening;
    }
  }

  const tokenStatements = (statements: string[]) =>
    statements.filter((statement) => statement.includes('FROM access_tokens'));

  /** Waits until `app` has heard of a change made elsewhere. */
  async function heardOf(app: TestApp, change: () => Promise<unknown>): Promise<void> {
    const cache = app.app.get(AccessCache);
    const before = cache.epoch();
    await change();
    await waitFor('the notification', () => cache.epoch() !== before);
  }

  it('a kept token is not read again: the second request runs no token statement', async () => {
    const user = await signedInEverywhere();
    await t.as(user.token).get('/api/user').expect(200);
    const { statements } = await recordStatements(() =>
      t.as(user.token).get('/api/user').expect(200),
    );
    expect(tokenStatements(statements)).toEqual([]);
  });

  it('a token signed out on one instance is refused there at once, and on the other once notified', async () => {
    const user = await signedInEverywhere();
    const other = await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: user.email, password: user.password } })
      .expect(200);
    const otherToken = other.body.user.token as string;
    await second.as(otherToken).get('/api/user').expect(200);

    await heardOf(second, () =>
      deaf(t, async () => {
        await t.as(user.token).post('/api/auth/logout').expect(204);
        // The instance that revoked it dropped what it kept before answering.
        await t.as(user.token).get('/api/user').expect(401);
      }),
    );
    await second.as(user.token).get('/api/user').expect(401);
    // The user's other session was read again, and still works.
    await second.as(otherToken).get('/api/user').expect(200);
  });

  it('a user deactivated through the admin API is refused at once on that instance', async () => {
    const admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    const user = await signedInEverywhere();
    await deaf(t, async () => {
      await t
        .as(admin.token)
        .patch(`/api/admin/users/${user.id}`)
        .send({ user: { isActive: false } })
        .expect(200);
      // The instance that made the change dropped what it kept before answering.
      await t.as(user.token).get('/api/user').expect(401);
    });
  });

  it('a role given in plain SQL reaches every instance', async () => {
    const user = await signedInEverywhere();
    await second.as(user.token).get('/api/admin/users').expect(403);
    await heardOf(second, () =>
      changeAccess(t, "UPDATE users SET role = 'administrator' WHERE id = $1", [user.id]),
    );
    await second.as(user.token).get('/api/admin/users').expect(200);
  });

  it('a token expired in plain SQL is refused as expired once the instances hear of it', async () => {
    const user = await signedInEverywhere();
    await heardOf(second, () =>
      changeAccess(
        t,
        `UPDATE access_tokens SET expires_at = now() - interval '1 second'
         WHERE user_id = $1`,
        [user.id],
      ),
    );
    for (const app of [t, second]) {
      const response = await app.as(user.token).get('/api/user').expect(401);
      expect(response.body).toEqual({ errors: { token: ['is expired'] } });
    }
  });

  it('a write that changes no access notifies nothing: a bio, the same name and email again, a last use', async () => {
    const user = await registerUser(t);
    const listener = new Client({ connectionString: t.database.url });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', ({ channel }) => heard.push(channel));
      await listener.query('LISTEN folio_access');
      await listener.query('LISTEN folio_test_marker');
      /** What was heard up to a marker sent after everything before it (notifications keep commit order). */
      const heardUpToNow = async () => {
        await t.dataSource.query(`SELECT pg_notify('folio_test_marker', '')`);
        await waitFor('the marker', () => heard.includes('folio_test_marker'));
        return heard.splice(0).filter((channel) => channel === 'folio_access');
      };

      await t
        .as(user.token)
        .put('/api/user')
        .send({ user: { username: user.username, email: user.email, bio: 'Writes.' } })
        .expect(200);
      await t.dataSource.query('UPDATE access_tokens SET last_used_at = now() WHERE user_id = $1', [
        user.id,
      ]);
      await expect(heardUpToNow()).resolves.toEqual([]);

      await t
        .as(user.token)
        .put('/api/user')
        .send({ user: { username: `${user.username}_2` } })
        .expect(200);
      await expect(heardUpToNow()).resolves.toEqual(['folio_access']);
    } finally {
      await listener.end();
    }
  });
});
