import type { AddressInfo } from 'node:net';
import { CapturedLogs } from './support/captured-logs';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { sendRaw } from './support/raw-http';
import { createTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

describe('a client that never finishes its request (slowloris)', () => {
  const logs = new CapturedLogs();
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp(
      { ...FAST_AUTH_ENV, HTTP_REQUEST_TIMEOUT_MS: '1000', LOG_LEVEL: 'info' },
      { logDestination: logs },
    );
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await t.close();
  });

  it('gets a 408 and its connection closed once HTTP_REQUEST_TIMEOUT_MS has passed', async () => {
    // The head promises 100 bytes of body; 8 arrive, then nothing.
    const response = await sendRaw(
      port,
      Buffer.from(
        'POST /api/users/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100\r\n\r\n{"user":',
      ),
    );
    expect(response.status).toBe(408);
    expect(response.json()).toEqual({ errors: { request: ['took too long to arrive'] } });
    // The body read that was cut off is the client's doing, not a database outage.
    await waitFor('the cut-off request in the access log', () =>
      logs.entries().some((entry) => entry.msg === 'request aborted'),
    );
    expect(logs.lines.join('\n')).not.toContain('database unavailable');
  });
});
