import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './app-config';
import { EnvReader } from './env-reader';

describe('loadConfig', () => {
  it('has a working default for everything', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', port: 3000, host: '127.0.0.1' });
    expect(config.database.runMigrations).toBe(true);
  });

  it('reads the language the articles are written in, English unless set', () => {
    expect(loadConfig({}).site.language).toBe('en');
    expect(loadConfig({ SITE_LANGUAGE: 'pt-BR' }).site.language).toBe('pt-BR');
    expect(loadConfig({ SITE_LANGUAGE: 'en-US-x-twain' }).site.language).toBe('en-US-x-twain');
  });

  it('reads the share image as an absolute URL, a path on this site made absolute', () => {
    expect(loadConfig({}).site.image).toBeUndefined();
    const upload = loadConfig({
      APP_URL: 'https://blog.example.com',
      SITE_IMAGE: '/media/m/1280.webp',
    });
    expect(upload.site.image).toBe('https://blog.example.com/media/m/1280.webp');
    const elsewhere = loadConfig({ SITE_IMAGE: 'https://cdn.example.com/share.png' });
    expect(elsewhere.site.image).toBe('https://cdn.example.com/share.png');
  });

  it('reads values and switches', () => {
    const config = loadConfig({ PORT: '8080', MIGRATIONS_RUN: 'false', DATABASE_POOL_SIZE: '25' });
    expect(config.port).toBe(8080);
    expect(config.database).toMatchObject({ runMigrations: false, poolSize: 25 });
  });

  it.each([
    [
      { PORT: 'abc' },
      'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "abc")',
    ],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, production, test'],
    [{ MIGRATIONS_RUN: 'maybe' }, 'MIGRATIONS_RUN must be true or false'],
    [
      { DATABASE_URL: 'mysql://x@y/z' },
      'DATABASE_URL must start with postgres:// or postgresql://',
    ],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a URL'],
    // A password with an unencoded `/`: the hint says what to encode, the password is not shown.
    [
      { DATABASE_URL: 'postgres://folio:abc/def@db/folio' },
      /^Invalid configuration: DATABASE_URL must be a URL \(postgres:\/\/\.\.\.\); a password with @ : \/ \? # or % in it must be percent-encoded[^/]*\)$/,
    ],
    // A stray `%` (the driver's bare "URI malformed" before), in the password, the user, the database.
    [
      { DATABASE_URL: 'postgres://folio:50%off-secret@db/folio' },
      'DATABASE_URL has a % in its password that is not followed by two hex digits (write % as %25)',
    ],
    [{ DATABASE_URL: 'postgres://fo%lio@db/folio' }, 'DATABASE_URL has a % in its user'],
    [{ DATABASE_URL: 'postgres://folio@db/fo%lio' }, 'DATABASE_URL has a % in its path'],
    [{ NODE_ENV: 'production', DEV_OUTBOX: 'true' }, 'DEV_OUTBOX cannot be on in production'],
    [
      { FIRST_SUPERUSER_EMAIL: 'nope', FIRST_SUPERUSER_PASSWORD: 'long-enough' },
      'FIRST_SUPERUSER_EMAIL must be an email address',
    ],
    [{ FIRST_SUPERUSER_USERNAME: 'no spaces' }, 'FIRST_SUPERUSER_USERNAME may only hold'],
    [
      { SITE_LANGUAGE: 'German' },
      'SITE_LANGUAGE must be a language tag such as en, de or pt-BR (got "German")',
    ],
    [{ SITE_LANGUAGE: 'de_AT' }, 'SITE_LANGUAGE must be a language tag'],
    [{ SITE_IMAGE: 'cover.png' }, 'SITE_IMAGE'],
    [{ SITE_IMAGE: 'ftp://files.example.com/cover.png' }, 'SITE_IMAGE'],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    [{}, 'http://localhost:3000'],
    [{ PORT: '8080' }, 'http://localhost:8080'],
    [{ HOST: '0.0.0.0', PORT: '4000' }, 'http://localhost:4000'],
    [{ HOST: '::', PORT: '4000' }, 'http://localhost:4000'],
    [{ HOST: '127.0.0.1', PORT: '4000' }, 'http://localhost:4000'],
    [{ HOST: '192.168.1.20', PORT: '4000' }, 'http://192.168.1.20:4000'],
    [{ HOST: 'folio.internal', PORT: '80' }, 'http://folio.internal'],
    [{ HOST: 'fd00::7', PORT: '4000' }, 'http://[fd00::7]:4000'],
    [{ HOST: '10.0.0.5', APP_URL: 'https://blog.example.com/' }, 'https://blog.example.com'],
  ])('the mailed links of %j point at %s', (env, appUrl) => {
    expect(loadConfig(env).auth.appUrl).toBe(appUrl);
  });

  it('never echoes a database URL, which may hold a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@h/d' })).toThrow(/^(?!.*hunter2)/);
  });
});

describe('.env.example', () => {
  it('documents every variable the config reads', () => {
    const reader = new EnvReader({});
    loadConfig({}, reader);
    const example = readFileSync(join(__dirname, '../../.env.example'), 'utf8');
    const documented = new Set(
      [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]),
    );
    expect([...reader.names].filter((name) => !documented.has(name))).toEqual([]);
  });
});
