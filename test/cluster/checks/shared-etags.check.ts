import assert from 'node:assert/strict';
import { call, createArticle, registerUser } from '../cluster-api';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';

/**
 * An ETag is made from the answer's bytes, never from anything of one process: a CDN or a browser
 * revalidating through the load balancer gets a 304 from whichever instance it reaches, and a 200 with
 * a new ETag once the article changed.
 */
export async function sharedEtagsCheck(cluster: Cluster, report: ClusterReport): Promise<void> {
  const author = await registerUser(cluster.balancer.url, 'etag');
  const { slug } = await createArticle(cluster.balancer.url, author.token);
  await cluster.postgres.waitForReplay();
  const [first, ...others] = cluster.instances;
  const paths = [
    `/api/articles/${slug}`,
    '/api/articles?limit=5',
    `/api/profiles/${author.username}`,
  ];
  let revalidated = 0;
  for (const path of paths) {
    const etag = await etagOf(first.url, path);
    for (const other of others) {
      const again = await fetch(`${other.url}${path}`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304, `${path}: the ETag of ${first.name} on ${other.name}`);
      revalidated++;
    }
  }
  const before = await etagOf(first.url, paths[0]);
  const edit = await call(cluster.balancer.url, 'PUT', paths[0], {
    token: author.token,
    body: { article: { description: 'changed' } },
  });
  assert.equal(edit.status, 200, 'edit the article');
  await cluster.postgres.waitForReplay();
  for (const other of others) {
    const changed = await fetch(`${other.url}${paths[0]}`, {
      headers: { 'if-none-match': before },
    });
    assert.equal(changed.status, 200, `the edited article on ${other.name}`);
  }
  report.figure('ETags of one instance revalidated on the others', `${revalidated}, all 304`);
}

async function etagOf(base: string, path: string): Promise<string> {
  const answer = await fetch(`${base}${path}`);
  const etag = answer.headers.get('etag');
  assert.ok(answer.status === 200 && etag, `${path} on ${base}: 200 with an ETag`);
  return etag;
}
