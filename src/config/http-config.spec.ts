import { originAllowed } from '../common/http-security';
import { loadConfig } from './app-config';

describe('HTTP configuration', () => {
  it('allows local frontends by default outside production, nobody in production', () => {
    expect(loadConfig({}).http.corsOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
    const production = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:k3Zq9vX2mW7pR4tL@db/f',
    });
    expect(production.http.corsOrigins).toEqual([]);
  });

  it('lets pages show uploads linked at APP_URL over plain http outside production only', () => {
    expect(loadConfig({ PORT: '3000' }).http.imageOrigins).toEqual(['http://localhost:3000']);
    expect(loadConfig({ APP_URL: 'https://blog.example' }).http.imageOrigins).toEqual([]);
    const production = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:k3Zq9vX2mW7pR4tL@db/f',
    });
    expect(production.http.imageOrigins).toEqual([]);
    const redirectedToStore = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:k3Zq9vX2mW7pR4tL@db/f',
      MEDIA_STORAGE: 's3',
      MEDIA_S3_BUCKET: 'media',
      MEDIA_S3_ENDPOINT: 'http://minio.internal:9000',
      MEDIA_S3_REDIRECT: 'true',
    });
    expect(redirectedToStore.http.imageOrigins).toEqual(['http://minio.internal:9000']);
  });

  it('reads CORS_ORIGINS as a list, and none as no origin', () => {
    expect(
      loadConfig({ CORS_ORIGINS: ' https://a.example , https://b.example/ ' }).http.corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
    expect(loadConfig({ CORS_ORIGINS: 'none' }).http.corsOrigins).toEqual([]);
  });

  it.each(['example.com', 'https://a.example/path', 'ftp://a.example', 'https://*.example.com'])(
    'stops on CORS_ORIGINS=%s',
    (value) => {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(
        'Invalid configuration: CORS_ORIGINS',
      );
    },
  );

  it('reads LOG_LEVEL (warn by default in tests) and SHUTDOWN_TIMEOUT_MS', () => {
    expect(loadConfig({}).http.logLevel).toBe('info');
    expect(loadConfig({ NODE_ENV: 'test' }).http.logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_MS: '500' }).http).toMatchObject({
      logLevel: 'debug',
      shutdownTimeoutMs: 500,
    });
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be one of');
  });

  it('trusts no proxy by default; TRUST_PROXY names them, or counts them', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(
      loadConfig({ TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,loopback,::1' }).http.trustProxy,
    ).toEqual(['10.0.0.5', '172.16.0.0/12', 'loopback', '::1']);
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
  });

  it.each(['true', 'proxy.internal', '10.0.0.0/33', '0', '11'])(
    'stops on TRUST_PROXY=%s',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
        'Invalid configuration: TRUST_PROXY',
      );
    },
  );

  it.each([
    ['http://localhost:5173', ['http://localhost:*'], true],
    ['http://localhost', ['http://localhost:*'], false],
    ['http://localhost:5173.evil.com', ['http://localhost:*'], false],
    ['http://localhostevil:80', ['http://localhost:*'], false],
    ['https://app.example', ['https://app.example'], true],
    ['https://app.example.evil', ['https://app.example'], false],
    ['https://anything.example', ['*'], true],
  ])('origin %s against %j → %s', (origin, allowed, expected) => {
    expect(originAllowed(origin, allowed)).toBe(expected);
  });
});
