import { DatabaseNotifications } from '../libs/database/database-notifications';
import { WEBHOOK_ENDPOINTS_CHANNEL } from '../src/modules/webhooks/webhook-subscriptions';
import { useRegisteredUser } from './support/auth-factory';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { recordStatements } from './support/sql-recorder';
import { TestApp, useTestApps } from './support/test-app';
import { waitFor } from './support/wait-for';

/** Endpoints on this machine may be registered; nothing listens there, the delivery log is enough. */
const ENV = { ...FAST_AUTH_ENV, WEBHOOK_ALLOW_PRIVATE: 'true' };
const NOWHERE = 'http://127.0.0.1:9/hook';

/**
 * Each instance keeps the webhook subscriptions in memory and reads them again when any instance (or
 * plain SQL) changes an endpoint: two instances on one database, one changing endpoints through the
 * admin API, the other publishing articles.
 */
describe('webhook subscriptions kept in memory', () => {
  const [t, second] = useTestApps(2, ENV);
  const admin = useRegisteredUser(t, { superuser: true });
  const author = useRegisteredUser(t);

  const channelOf = (app: TestApp) =>
    app.app.get(DatabaseNotifications).watch(WEBHOOK_ENDPOINTS_CHANNEL);

  /** Publishes an article on the second instance; the statements it ran. */
  async function publishOnSecond(): Promise<string[]> {
    const { result, statements } = await recordStatements(() =>
      second
        .as(author.token)
        .post('/api/articles')
        .send({ article: { title: `Hooked ${Date.now()}`, description: 'd', body: 'b' } }),
    );
    expect(result.status).toBe(201);
    return statements;
  }

  /** The events logged for the endpoint, newest first (the admin API, on the first instance). */
  async function loggedEvents(id: number): Promise<string[]> {
    const response = await t.as(admin.token).get(`/api/admin/webhooks/${id}/deliveries`);
    expect(response.status).toBe(200);
    return (response.body.deliveries as { event: string }[]).map((delivery) => delivery.event);
  }

  /** Runs `change` on the first instance and waits until the second has heard of it. */
  async function changeAndWait<T>(change: () => Promise<T>): Promise<T> {
    const channel = channelOf(second);
    await waitFor('the second instance to listen', () => channel.live);
    const before = channel.version;
    const result = await change();
    await waitFor('the notification', () => channel.version !== before);
    return result;
  }

  it('a publication reads no subscriptions from the database once they are kept', async () => {
    await waitFor('the second instance to listen', async () => {
      await publishOnSecond(); // the first event watches the channel
      return channelOf(second).live;
    });
    await publishOnSecond(); // reads them once, now that it listens
    const statements = await publishOnSecond();
    expect(statements.filter((s) => s.includes('webhook_endpoints'))).toEqual([]);
  });

  it('an endpoint registered on one instance receives the next event published on the other', async () => {
    await publishOnSecond(); // the second instance keeps "no endpoint"
    const id = await changeAndWait(async () => {
      const response = await t
        .as(admin.token)
        .post('/api/admin/webhooks')
        .send({ webhook: { url: NOWHERE, events: ['article.published'] } });
      expect(response.status).toBe(201);
      return (response.body.webhook as { id: number }).id;
    });
    await publishOnSecond();
    expect(await loggedEvents(id)).toEqual(['article.published']);

    // Switched off through the API: the second instance stops queueing for it.
    await changeAndWait(() =>
      t
        .as(admin.token)
        .put(`/api/admin/webhooks/${id}`)
        .send({ webhook: { active: false } })
        .expect(200),
    );
    await publishOnSecond();
    expect(await loggedEvents(id)).toEqual(['article.published']);

    // Switched on again in plain SQL: the trigger notifies all the same.
    await changeAndWait(() =>
      t.dataSource.query('UPDATE webhook_endpoints SET is_active = true WHERE id = $1', [id]),
    );
    await publishOnSecond();
    expect(await loggedEvents(id)).toEqual(['article.published', 'article.published']);
  });

  it('while its connection is down an instance reads the database, and it listens again after', async () => {
    const channel = channelOf(second);
    await waitFor('the second instance to listen', () => channel.live);
    const id = await changeAndWait(async () => {
      const response = await t
        .as(admin.token)
        .post('/api/admin/webhooks')
        .send({ webhook: { url: NOWHERE, events: ['article.published'] } });
      return (response.body.webhook as { id: number }).id;
    });
    await publishOnSecond(); // kept with the new endpoint

    // Every notification connection to the database goes (both instances'), as in a database restart.
    await t.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'folio-notifications'`,
    );
    await waitFor('the connection to be seen lost', () => !channel.live);
    // A change that no instance hears: the endpoint no longer takes article.published.
    await t.dataSource.query(
      `UPDATE webhook_endpoints SET events = '{user.registered}' WHERE id = $1`,
      [id],
    );
    const statements = await publishOnSecond();
    expect(statements.some((s) => s.includes('webhook_endpoints'))).toBe(true);
    expect(await loggedEvents(id)).toEqual(['article.published']);

    await waitFor('the connection to be open again', () => channel.live);
    await publishOnSecond();
    expect(await loggedEvents(id)).toEqual(['article.published']);
  });
});
