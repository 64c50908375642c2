import { Writable } from 'node:stream';
import pino from 'pino';
import { AppLogger } from './app-logger';
import type { RequestLogging } from './request-logging';

/** An AppLogger at `level` and the lines it writes, parsed. */
function appLogger(level: pino.Level): { logger: AppLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const root = pino({ level }, destination);
  const logging = { current: () => root } as unknown as RequestLogging;
  return { logger: new AppLogger(logging), lines };
}

describe('AppLogger', () => {
  it("writes Nest's start-up lines at debug, so that info holds Folio's own", () => {
    const { logger, lines } = appLogger('info');
    logger.log('Mapped {/api/tags, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.log('Folio is listening on http://127.0.0.1:3000', 'Folio');
    expect(lines.map((line) => line.msg)).toEqual(['Folio is listening on http://127.0.0.1:3000']);
  });

  it('shows them with LOG_LEVEL=debug, with their context', () => {
    const { logger, lines } = appLogger('debug');
    logger.log('Mapped {/api/tags, GET} route', 'RouterExplorer');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 20,
        context: 'RouterExplorer',
        msg: 'Mapped {/api/tags, GET} route',
      }),
    ]);
  });
});
