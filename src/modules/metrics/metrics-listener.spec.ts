import { createServer } from 'node:net';
import type { MetricsConfig } from '../../config/metrics-config';
import type { MetricsEndpoint } from './metrics-endpoint';
import { MetricsListener } from './metrics-listener';

describe('MetricsListener', () => {
  it('stops the start with one line naming METRICS_PORT when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const config: MetricsConfig = { enabled: true, port, host: '127.0.0.1' };
    const listener = new MetricsListener(config, {} as MetricsEndpoint);
    try {
      await expect(listener.onApplicationBootstrap()).rejects.toThrow(
        `the metrics port ${port} on 127.0.0.1 is in use by another program; stop it or set METRICS_PORT`,
      );
    } finally {
      taken.close();
    }
  });
});
