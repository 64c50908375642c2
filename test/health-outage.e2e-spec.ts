import { CapturedLogs } from './support/captured-logs';
import { useTestApp } from './support/test-app';

// A file of its own: it drops its app's database.
describe('health probes when the database goes away', () => {
  const logs = new CapturedLogs();
  const t = useTestApp({ LOG_LEVEL: 'warn' }, { logDestination: logs });
  // After the app started (useTestApp's own beforeAll runs first).
  beforeAll(() => t.database.drop());

  it('answer 503 and log why, in one line without a stack, with the request it was for', async () => {
    const status = await t.http().get('/db-status').expect(503, { connected: false });
    const ready = await t.http().get('/health/ready').expect(503);
    const downs = logs
      .entries()
      .filter((entry) => String(entry.msg).includes('the database is down'));
    expect(downs.map((entry) => entry.msg)).toEqual([
      expect.stringMatching(/^db-status: the database is down \(.*does not exist.*\)$/),
      expect.stringMatching(/^readiness: the database is down \(.*does not exist.*\)$/),
    ]);
    expect(JSON.stringify(downs)).not.toMatch(/\n\s+at /);
    // Logged while the request was served: the line names it, as its access line does.
    expect(downs.map((entry) => entry.req?.id)).toEqual([
      status.headers['x-request-id'],
      ready.headers['x-request-id'],
    ]);
  });

  it('name the request in what is logged after its JSON body was read', async () => {
    // As a RealWorld client signs in: the body arrives after the head, and the log comes after it.
    const response = await t
      .http()
      .post('/api/users/login')
      .set('Content-Type', 'application/json')
      .send({ user: { email: 'reader@example.com', password: 'not-checked' } })
      .expect(503);
    const id = response.headers['x-request-id'];
    const failed = logs
      .entries()
      .filter((entry) => String(entry.msg).includes('failed: database unavailable'));
    expect(failed).toEqual([
      expect.objectContaining({
        context: 'HTTP',
        msg: expect.stringMatching(/^POST \/api\/users\/login failed: database unavailable/),
        req: expect.objectContaining({ id, method: 'POST', url: '/api/users/login' }),
      }),
    ]);
  });
});
