import { loadConfig } from './app-config';

describe('metrics configuration', () => {
  it('is off with neither METRICS_PORT nor METRICS_TOKEN', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: false, host: '127.0.0.1' });
  });

  it('serves on its own port, at HOST unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({ HOST: '0.0.0.0', METRICS_PORT: '9464' }).metrics).toEqual({
      enabled: true,
      port: 9464,
      host: '0.0.0.0',
    });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics.host).toBe(
      '10.0.0.5',
    );
  });

  it('serves on the public port behind METRICS_TOKEN', () => {
    expect(loadConfig({ METRICS_TOKEN: 'a-long-scrape-token' }).metrics).toEqual({
      enabled: true,
      host: '127.0.0.1',
      token: 'a-long-scrape-token',
    });
  });

  it.each([
    [{ METRICS_PORT: 'abc' }, 'METRICS_PORT must be a whole number from 1 to 65535'],
    [{ METRICS_PORT: '0' }, 'METRICS_PORT must be a whole number from 1 to 65535'],
    [{ PORT: '8080', METRICS_PORT: '8080' }, 'METRICS_PORT must differ from PORT'],
    [{ METRICS_TOKEN: 'two words' }, 'METRICS_TOKEN may only hold visible ASCII'],
  ])('stops on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(`Invalid configuration: ${message}`);
  });

  it('never echoes the token', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'secret token' })).toThrow(/^(?!.*secret token)/);
  });

  it('refuses a weak token in production, as any other *_TOKEN', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:k3Zq9vX2mW7pR4tL@db/f',
    };
    expect(() => loadConfig({ ...production, METRICS_TOKEN: 'short' })).toThrow(
      'METRICS_TOKEN is a default or weak secret',
    );
    expect(loadConfig({ ...production, METRICS_TOKEN: 'q8Vt2Lr9Xk4Zw7Np' }).metrics.enabled).toBe(
      true,
    );
  });
});
