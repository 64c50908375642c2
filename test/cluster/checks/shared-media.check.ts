import assert from 'node:assert/strict';
import { makeImage } from '../../support/media-images';
import { call, registerUser } from '../cluster-api';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';

/**
 * Uploads on storage every instance reaches (here a folder all three are given, as the compose file's
 * shared volume): an image uploaded through one instance is served by the others, and once deleted
 * through another, by none.
 */
export async function sharedMediaCheck(cluster: Cluster, report: ClusterReport): Promise<void> {
  const [first, second, third] = cluster.instances;
  const user = await registerUser(cluster.balancer.url, 'media');
  const form = new FormData();
  form.append(
    'file',
    new Blob([new Uint8Array(await makeImage(400, 300, 'png'))], { type: 'image/png' }),
    'a.png',
  );
  const upload = await fetch(`${first.url}/api/media`, {
    method: 'POST',
    headers: { authorization: `Token ${user.token}` },
    body: form,
  });
  const text = await upload.text();
  assert.equal(upload.status, 201, `upload on ${first.name}: ${text}`);
  const media = (
    JSON.parse(text) as { media: { id: number; url: string; variants: { url: string }[] } }
  ).media;
  const paths = media.variants.map((variant) => new URL(variant.url).pathname);
  for (const instance of [second, third]) {
    for (const path of paths) {
      const file = await fetch(`${instance.url}${path}`);
      assert.equal(file.status, 200, `${path} on ${instance.name}`);
    }
  }
  const removed = await call(third.url, 'DELETE', `/api/media/${media.id}`, { token: user.token });
  assert.equal(removed.status, 204, `delete on ${third.name}`);
  // The files go right after the delete commits, beside its answer: each instance answers the file
  // (whole) or 404 meanwhile, never an error, and 404 soon after.
  const deletedAt = Date.now();
  let slowest = 0;
  for (const instance of cluster.instances) {
    for (;;) {
      const gone = await fetch(`${instance.url}${paths[0]}`);
      await gone.arrayBuffer();
      assert.ok(
        gone.status < 500,
        `${paths[0]} on ${instance.name} after the delete: ${gone.status}\n${instance.log(3000)}`,
      );
      if (gone.status === 404) break;
      assert.ok(Date.now() - deletedAt < 3000, `${paths[0]} still served 3 s after the delete`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    slowest = Math.max(slowest, Date.now() - deletedAt);
  }
  report.figure(
    'uploaded on one instance, served by the others',
    `${paths.length} files × 2 instances, all 200; after a delete on a third, 404 on all within ${slowest} ms`,
  );
}
