import { CapturedLogs } from './support/captured-logs';
import { useTestApp } from './support/test-app';

// A file of its own: nestjs-pino keeps the first app's log destination for the whole process.
describe('health probes when the database goes away', () => {
  const logs = new CapturedLogs();
  const t = useTestApp({ LOG_LEVEL: 'warn' }, { logDestination: logs });

  it('answer 503 and log why, in one line without a stack', async () => {
    await t.database.drop();
    await t.http().get('/db-status').expect(503, { connected: false });
    await t.http().get('/health/ready').expect(503);
    const downs = logs
      .entries()
      .filter((entry) => String(entry.msg).includes('the database is down'));
    expect(downs.map((entry) => entry.msg)).toEqual([
      expect.stringMatching(/^db-status: the database is down \(.*does not exist.*\)$/),
      expect.stringMatching(/^readiness: the database is down \(.*does not exist.*\)$/),
    ]);
    expect(JSON.stringify(downs)).not.toMatch(/\n\s+at /);
  });
});
