import assert from 'node:assert/strict';
import { call, expectStatus, registerUser, unique } from '../cluster-api';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';

/** The defaults the cluster runs with (AUTH_RATE_LIMIT_LOGIN_PER_ACCOUNT, AUTH_RATE_LIMIT_MAIL_PER_IP). */
const LOGINS_PER_ACCOUNT = 10;
const MAILS_PER_IP = 10;

/**
 * The counters are Redis's, not each process's: attempts spread over the instances add up to one
 * limit. Per account: wrong-password logins on one email, each sent to the next instance. Per IP: the
 * mail routes through HAProxy from one client address (X-Forwarded-For, which HAProxy extends and
 * Folio trusts from it), while another address is still let through.
 */
export async function sharedRateLimitsCheck(
  cluster: Cluster,
  report: ClusterReport,
): Promise<void> {
  const instances = cluster.instances.map((i) => i.url);
  const user = await registerUser(cluster.balancer.url, 'limits');
  const wrong = { user: { email: user.email, password: 'not-the-password' } };
  const statuses: number[] = [];
  for (let i = 0; i < LOGINS_PER_ACCOUNT + instances.length; i++) {
    const answer = await call(instances[i % instances.length], 'POST', '/api/users/login', {
      body: wrong,
    });
    statuses.push(answer.status);
  }
  report.figure('wrong logins on one account, round the instances', statuses.join(' '));
  assert.deepEqual(
    statuses,
    [...Array<number>(LOGINS_PER_ACCOUNT).fill(401), ...Array<number>(instances.length).fill(429)],
    `the first ${LOGINS_PER_ACCOUNT} attempts are 401, every later one is 429 on every instance`,
  );

  const client = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
  const forgot = (address: string) =>
    call(cluster.balancer.url, 'POST', '/api/auth/forgot-password', {
      body: { email: `${unique('nobody')}@folio.test` },
      headers: { 'x-forwarded-for': address },
    });
  const servedBy = new Set<string>();
  for (let i = 0; i < MAILS_PER_IP; i++) {
    const answer = expectStatus(await forgot(client), 202, `mail request ${i + 1} from ${client}`);
    if (answer.servedBy) servedBy.add(answer.servedBy);
  }
  assert.ok(
    servedBy.size > 1,
    `HAProxy spread the requests (served by ${[...servedBy].join(', ')})`,
  );
  const over = await forgot(client);
  expectStatus(over, 429, `mail request ${MAILS_PER_IP + 1} from ${client}`);
  expectStatus(await forgot('198.51.100.250'), 202, 'a mail request from another address');
  report.figure(
    'mail requests from one address via HAProxy',
    `${MAILS_PER_IP} × 202 (served by ${[...servedBy].sort().join(', ')}), then 429; another address 202`,
  );
}
