import { Client } from 'pg';
import { WebhookSubscriptions } from '../src/modules/webhooks/webhook-subscriptions';
import { useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

/**
 * What a write sends to PostgreSQL, read on the connections that ran a statement matching `mark`: what
 * node-postgres was asked to send (DeferredBeginClient passes each round trip's statement through
 * Client.query; a BEGIN it carries rides inside the first statement, and a COMMIT it answers itself
 * never gets there).
 */
async function sentWhile(work: () => Promise<unknown>, mark = COMMENT_INSERT): Promise<string[][]> {
  const byConnection = new Map<Client, string[]>();
  const original = Client.prototype.query as (...args: unknown[]) => unknown;
  function recorded(this: Client, ...args: unknown[]): unknown {
    const config = args[0] as string | { text?: string };
    const text = typeof config === 'string' ? config : (config.text ?? '');
    const sent = byConnection.get(this) ?? [];
    sent.push(text.replace(/\s+/g, ' ').trim());
    byConnection.set(this, sent);
    return original.apply(this, args);
  }
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(recorded);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return [...byConnection.values()].filter((sent) => sent.some((text) => mark.test(text)));
}

/**
 * One connection ran `mark` once, and neither BEGIN nor COMMIT went on it: the statement was its
 * transaction. The connection may also serve other work in the moment (a job).
 */
function expectAlone([sent, ...others]: string[][], mark: RegExp): void {
  expect(others).toEqual([]);
  expect(sent.filter((text) => mark.test(text))).toHaveLength(1);
  expect(sent).not.toContain('BEGIN');
  expect(sent).not.toContain('COMMIT');
}

const COMMENT_INSERT = /^WITH c AS \(INSERT INTO comments/;
const FAVORITE_CHANGE = /^WITH target AS .*changed AS \((INSERT INTO|DELETE FROM) favorites/;

describe('writes that are one statement: one round trip, COMMIT included', () => {
  const t = useTestApp({
    ...FAST_AUTH_ENV,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    JOBS_POLL_INTERVAL_SECONDS: '1',
  });
  const admin = useRegisteredUser(t, { superuser: true });
  const author = useRegisteredUser(t);
  const reader = useRegisteredUser(t);
  let slug: string;
  /** A connection of the test's own, outside the app's pool: it sees only what was committed. */
  let outside: Client;

  beforeAll(async () => {
    ({ slug } = await createArticle(t, author.token));
    outside = new Client({ connectionString: t.database.url });
    // The test app's teardown may drop the database (ending this connection) before afterAll below.
    outside.on('error', () => undefined);
    await outside.connect();
  });

  afterAll(async () => {
    await outside?.end().catch(() => undefined);
  });

  const comment = (body: string) =>
    t.as(reader.token).post(`/api/articles/${slug}/comments`).send({ comment: { body } });
  const count = async (text: string, values: unknown[]) =>
    Number((await outside.query<{ n: string }>(text, values)).rows[0].n);
  const stored = (body: string) =>
    count('SELECT count(*) AS n FROM comments WHERE body = $1', [body]);
  /** The app's connections left in a transaction after its answers: none may be. */
  const openTransactions = () =>
    count(
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND pid <> $1`,
      [(outside as unknown as { processID: number }).processID],
    );
  /** Whether this instance knows from memory which endpoints receive comment.created. */
  const knows = (none: boolean) => async () => {
    await comment('warming up the kept subscriptions').expect(201);
    return t.app.get(WebhookSubscriptions).knownNone('comment.created') === none;
  };

  it('a new comment with no webhook subscribed: the insert is the whole transaction, no BEGIN nor COMMIT', async () => {
    await waitFor('the kept subscriptions: none', knows(true));
    expectAlone(await sentWhile(() => comment('Alone').expect(201)), COMMENT_INSERT);
    expect(await stored('Alone')).toBe(1);
    expect(await openTransactions()).toBe(0);
  });

  it('a comment on an article the reader may not see: nothing stored, 404', async () => {
    const draft = await createArticle(t, author.token, { status: 'draft' });
    const response = await t
      .as(reader.token)
      .post(`/api/articles/${draft.slug}/comments`)
      .send({ comment: { body: 'On a draft' } });
    expect(response.status).toBe(404);
    expect(await stored('On a draft')).toBe(0);
  });

  it('favorite and unfavorite: the statement alone, the count kept', async () => {
    const favorite = () => t.as(reader.token).post(`/api/articles/${slug}/favorite`);
    for (const [send, kept] of [
      [favorite, 1],
      [() => t.as(reader.token).delete(`/api/articles/${slug}/favorite`), 0],
    ] as const) {
      let answer: { body: { article: { favoritesCount: number; favorited: boolean } } } | undefined;
      const sent = await sentWhile(async () => {
        answer = await send().expect(200);
      }, FAVORITE_CHANGE);
      expectAlone(sent, FAVORITE_CHANGE);
      expect(answer?.body.article).toMatchObject({ favoritesCount: kept, favorited: kept === 1 });
      expect(
        await count('SELECT count(*) AS n FROM favorites WHERE user_id = $1', [reader.id]),
      ).toBe(kept);
      expect(await openTransactions()).toBe(0);
    }
    // On an article that is not there: nothing written, 404.
    await t.as(reader.token).post('/api/articles/no-such-article/favorite').expect(404);
  });

  it('a new comment with a webhook subscribed to comment.created, its delivery commits in one transaction with the comment', async () => {
    const created = await t
      .as(admin.token)
      .post('/api/admin/webhooks')
      .send({ webhook: { url: 'http://127.0.0.1:9/hook', events: ['comment.created'] } })
      .expect(201);
    const endpointId = (created.body as { webhook: { id: number } }).webhook.id;
    await waitFor('the kept subscriptions: the new endpoint', knows(false));

    const [sent] = await sentWhile(() => comment('With a delivery').expect(201));
    // From the insert (BEGIN rides with it, or goes alone just before it on a connection new to the
    // statement) to its COMMIT; a job may use the connection before or after.
    const first = sent.findIndex((text) => COMMENT_INSERT.test(text));
    const transaction = sent.slice(first, sent.indexOf('COMMIT', first) + 1);
    expect(transaction.some((text) => /INSERT INTO "?webhook_deliveries/.test(text))).toBe(true);
    expect(transaction.at(-1)).toBe('COMMIT');
    const deliveries = await outside.query<{ body: string }>(
      'SELECT body FROM webhook_deliveries WHERE endpoint_id = $1',
      [endpointId],
    );
    expect(deliveries.rows.map((row) => row.body).join()).toContain('With a delivery');
  });
});
