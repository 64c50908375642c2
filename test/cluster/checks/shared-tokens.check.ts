import assert from 'node:assert/strict';
import { Answer, call, expectStatus, registerUser } from '../cluster-api';
import type { Cluster } from '../cluster';
import { waitFor } from '../../support/wait-for';

/** How long another instance may take to hear of a sign-out (its notification): milliseconds, in fact. */
const HEARD_WITHIN_MS = 2000;

/**
 * A token issued by one instance works on every other, and a logout on one is refused by that one at
 * its very next request (it dropped the tokens it kept before answering) and by the others as soon as
 * the notification reaches them (AccessCache). With `lagging`, the replica's replay is paused meanwhile,
 * so a token check read from the replica would still see the revoked token, and no instance does.
 */
export async function sharedTokensCheck(cluster: Cluster, lagging: boolean): Promise<void> {
  const [first, second, third] = cluster.instances;
  const everywhere = [...cluster.instances.map((i) => i.url), cluster.balancer.url];
  const user = await registerUser(first.url, 'tokens');
  await cluster.postgres.waitForReplay();
  if (lagging) await cluster.postgres.pauseReplay();
  try {
    const login = await call<{ user: { token: string } }>(second.url, 'POST', '/api/users/login', {
      body: { user: { email: user.email, password: user.password } },
    });
    const secondToken = expectStatus(login, 200, 'log in on the second instance').body.user.token;
    for (const base of everywhere) {
      for (const token of [user.token, secondToken]) {
        const answer = await call<{ user: { username: string } }>(base, 'GET', '/api/user', {
          token,
        });
        expectStatus(answer, 200, `GET /api/user on ${base}`);
        assert.equal(answer.body.user.username, user.username);
      }
    }
    expectStatus(
      await call(third.url, 'POST', '/api/auth/logout', { token: secondToken }),
      204,
      'log out on the third instance',
    );
    expectStatus(
      await call(third.url, 'GET', '/api/user', { token: secondToken }),
      401,
      'the logged-out token, at once, on the instance that logged it out',
    );
    for (const base of everywhere) {
      let revoked: Answer<unknown> | undefined;
      await waitFor(
        `the logged-out token refused on ${base}`,
        async () => {
          revoked = await call(base, 'GET', '/api/user', { token: secondToken });
          return revoked.status !== 200;
        },
        HEARD_WITHIN_MS,
      );
      expectStatus(revoked!, 401, `the logged-out token on ${base} (within ${HEARD_WITHIN_MS} ms)`);
      const kept = await call(base, 'GET', '/api/user', { token: user.token });
      expectStatus(kept, 200, `the other token on ${base}`);
    }
  } finally {
    if (lagging) await cluster.postgres.resumeReplay();
  }
}
