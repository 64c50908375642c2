import assert from 'node:assert/strict';
import { call, createArticle, expectStatus, registerUser, unique } from '../cluster-api';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';

/**
 * With the replica's replay paused (it answers, with the data of that moment), a user writes on one
 * instance and reads on another, for every pair of instances and through HAProxy: each read shows the
 * write. The replica really lags meanwhile (the new rows are not on it), and anonymous readers, who
 * wrote nothing, are served from it: the check is not passing because nothing reads the replica.
 */
export async function readYourWritesCheck(cluster: Cluster, report: ClusterReport): Promise<void> {
  const bases = [...cluster.instances.map((i) => i.url), cluster.balancer.url];
  const user = await registerUser(cluster.balancer.url, 'ryw');
  await cluster.postgres.waitForReplay();
  await cluster.postgres.pauseReplay();
  let reads = 0;
  let staleForOthers = 0;
  try {
    for (const writer of bases) {
      for (const reader of bases) {
        const bio = unique('bio');
        const put = await call(writer, 'PUT', '/api/user', {
          token: user.token,
          body: { user: { bio } },
        });
        expectStatus(put, 200, `PUT /api/user on ${writer}`);
        const me = await call<{ user: { bio: string } }>(reader, 'GET', '/api/user', {
          token: user.token,
        });
        expectStatus(me, 200, `GET /api/user on ${reader}`);
        assert.equal(me.body.user.bio, bio, `the bio written on ${writer}, read on ${reader}`);
        const profile = await call<{ profile: { bio: string } }>(
          reader,
          'GET',
          `/api/profiles/${user.username}`,
          {
            token: user.token,
          },
        );
        assert.equal(profile.body.profile?.bio, bio, `the profile read on ${reader}`);

        const { slug } = await createArticle(writer, user.token);
        const article = await call(reader, 'GET', `/api/articles/${slug}`, { token: user.token });
        expectStatus(article, 200, `the new article written on ${writer}, read on ${reader}`);
        const mine = await call<{ articles: { slug: string }[] }>(
          reader,
          'GET',
          `/api/articles?author=${user.username}&limit=1`,
          { token: user.token },
        );
        assert.equal(
          mine.body.articles?.[0]?.slug,
          slug,
          `the author's newest article on ${reader}`,
        );
        reads += 4;

        const anonymous = await call(reader, 'GET', `/api/articles/${slug}`);
        if (anonymous.status === 404) staleForOthers++;
      }
    }
    const [{ onReplica }] = await cluster.query<{ onReplica: number }>(
      'SELECT count(*)::int AS "onReplica" FROM articles a JOIN users u ON u.id = a.author_id WHERE u.username = $1',
      [user.username],
      'replica',
    );
    assert.equal(onReplica, 0, 'the replica had replayed none of the articles: it really lagged');
  } finally {
    await cluster.postgres.resumeReplay();
  }
  report.figure('read-your-writes reads while the replica lagged', `${reads}, all saw the write`);
  report.figure(
    'anonymous reads of the new articles (served by the lagging replica: 404)',
    `${staleForOthers} of ${bases.length * bases.length}`,
  );
  assert.ok(staleForOthers > 0, 'anonymous readers are served by the replica (none saw a 404)');
  await cluster.postgres.waitForReplay();
}
