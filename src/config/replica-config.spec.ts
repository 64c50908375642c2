import { loadConfig } from './app-config';

describe('read replica settings', () => {
  it('are off by default: no replica, so every query stays on the primary', () => {
    expect(loadConfig({}).database.replicas).toEqual({ urls: [], maxLagMs: 2000 });
  });

  it('read a comma-separated list, the lag limit and the shared store', () => {
    const config = loadConfig({
      DATABASE_REPLICA_URLS:
        ' postgres://a:pw@replica-1/folio, postgresql://a:pw@replica-2:6432/folio ,',
      DATABASE_REPLICA_MAX_LAG_MS: '500',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.database.replicas).toEqual({
      urls: ['postgres://a:pw@replica-1/folio', 'postgresql://a:pw@replica-2:6432/folio'],
      maxLagMs: 500,
      redisUrl: 'redis://127.0.0.1:6379',
    });
  });

  it.each([
    [
      { DATABASE_REPLICA_URLS: 'postgres://ok@h/d,mysql://u:hunter2@h/d' },
      'entry 2 must start with postgres://',
    ],
    [
      { DATABASE_REPLICA_URLS: 'postgres://u:hunter2%zz@h/d' },
      'entry 1 has a % in its password that is not followed by two hex digits',
    ],
    [{ DATABASE_REPLICA_URLS: 'replica-1:5432' }, 'entry 1 must start with postgres://'],
    [{ DATABASE_REPLICA_MAX_LAG_MS: '-1' }, 'DATABASE_REPLICA_MAX_LAG_MS must be a whole number'],
  ])('stop the start on %j, naming the variable and never echoing a URL', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    expect(() => loadConfig(env)).toThrow(/^(?!.*hunter2)/);
  });
});
