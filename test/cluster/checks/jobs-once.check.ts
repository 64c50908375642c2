import assert from 'node:assert/strict';
import { call, createArticle, expectStatus, registerUser } from '../cluster-api';
import { SUPERUSER, type Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';

const SCHEDULED = 6;
const HOOK_PATH = '/cluster-published';
/** After the last delivery, how long a second one (a second run of the same job) is waited for. */
const SETTLE_MS = 4000;

/**
 * Background jobs run once with every instance running workers: articles scheduled a few seconds
 * ahead are published at their time once each (one `article.published`: one webhook delivery row and
 * one request at the receiver); every account mail (a job each) arrives once; the every-minute
 * backstop cron ran at most once a minute, not once per instance.
 */
export async function jobsOnceCheck(cluster: Cluster, report: ClusterReport): Promise<void> {
  const base = cluster.balancer.url;
  const login = await call<{ user: { token: string } }>(base, 'POST', '/api/users/login', {
    body: { user: { email: SUPERUSER.email, password: SUPERUSER.password } },
  });
  const admin = expectStatus(login, 200, 'the first superuser logs in').body.user.token;
  const url = cluster.webhooks.receiver.url(HOOK_PATH);
  const hook = await call(base, 'POST', '/api/admin/webhooks', {
    token: admin,
    body: { webhook: { url, events: ['article.published'] } },
  });
  expectStatus(hook, 201, 'register a webhook');

  const author = await registerUser(base, 'scheduler');
  const publishAt = new Date(Date.now() + 4000).toISOString();
  const slugs: string[] = [];
  for (let i = 0; i < SCHEDULED; i++) {
    const article = await createArticle(base, author.token, { publishAt });
    assert.equal(article.status, 'scheduled');
    slugs.push(article.slug);
  }
  const hooks = cluster.webhooks.receiver;
  await hooks.waitFor(HOOK_PATH, SCHEDULED, 30_000);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  for (const slug of slugs) {
    const article = await call<{ article: { status: string } }>(
      base,
      'GET',
      `/api/articles/${slug}`,
    );
    assert.equal(article.body.article?.status, 'published', `${slug} is published`);
    const received = hooks.at(HOOK_PATH).filter((h) => h.body.includes(`"slug":"${slug}"`));
    assert.equal(received.length, 1, `${slug}: one webhook request (got ${received.length})`);
    const [{ rows }] = await cluster.query<{ rows: number }>(
      `SELECT count(*)::int AS rows FROM webhook_deliveries
        WHERE event = 'article.published' AND body::jsonb #>> '{data,article,slug}' = $1`,
      [slug],
    );
    assert.equal(rows, 1, `${slug}: one delivery row (got ${rows})`);
  }
  report.figure(
    'scheduled articles published by 3 instances',
    `${SCHEDULED}, each once (${hooks.at(HOOK_PATH).length} webhook requests)`,
  );

  const users = await cluster.query<{ email: string }>(
    "SELECT email FROM users WHERE email LIKE '%@folio.test' AND role IS DISTINCT FROM 'administrator'",
  );
  const deadline = Date.now() + 20_000;
  while (users.some((u) => cluster.mail.mailsTo(u.email).length === 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const counts = users.map((u) => cluster.mail.mailsTo(u.email).length);
  report.figure(
    'verification mails',
    `${users.length} accounts, ${counts.reduce((a, b) => a + b, 0)} mails`,
  );
  const wrong = users
    .map((u, i) => `${u.email}: ${counts[i]}`)
    .filter((_line, i) => counts[i] !== 1);
  assert.deepEqual(wrong, [], 'each account got exactly one verification mail');

  const cronTicks = () =>
    cluster.query<{ minute: string; jobs: number }>(
      `SELECT to_char(date_trunc('minute', created_on), 'HH24:MI') AS minute, count(*)::int AS jobs
         FROM pgboss.job WHERE name = 'article-publish-due' GROUP BY 1 ORDER BY 1`,
    );
  // A short run (--only) may not have crossed a minute yet: wait for the first tick.
  const cronDeadline = Date.now() + 65_000;
  let ticks = await cronTicks();
  while (ticks.length === 0 && Date.now() < cronDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    ticks = await cronTicks();
  }
  report.figure(
    'article-publish-due cron jobs by minute',
    ticks.map((t) => `${t.minute}×${t.jobs}`).join(' ') || 'none yet',
  );
  assert.ok(ticks.length > 0, 'the cron ran at least once');
  assert.ok(
    ticks.every((t) => t.jobs === 1),
    'once a minute, not once per instance',
  );
}
