import { loadConfig } from './app-config';
import { assertProductionSecrets } from './production-secrets';

const STRONG = 'k3Zq9vX2mW7pR4tL';
const production = (env: Record<string, string>) => () =>
  loadConfig({ NODE_ENV: 'production', ...env });

describe('production refuses default or missing secrets', () => {
  it('starts with a strong database password', () => {
    expect(
      production({ DATABASE_URL: `postgres://folio:${STRONG}@db:5432/folio` })(),
    ).toMatchObject({
      nodeEnv: 'production',
    });
    expect(production({ POSTGRES_HOST: 'db', POSTGRES_PASSWORD: STRONG })()).toMatchObject({
      nodeEnv: 'production',
    });
  });

  it.each<[Record<string, string>, string]>([
    [{}, 'set DATABASE_URL (the embedded PostgreSQL'],
    [
      { DATABASE_URL: 'postgres://folio@db:5432/folio' },
      'the database password (DATABASE_URL) is missing',
    ],
    [
      { DATABASE_URL: 'postgres://folio:folio@db:5432/folio' },
      'the database password (DATABASE_URL) is a default',
    ],
    [{ DATABASE_URL: 'postgres://u:Postgres@db/folio' }, 'is a default or weak secret'],
    [{ DATABASE_URL: 'postgres://u:short1@db/folio' }, 'is a default or weak secret'],
    // Long enough, and guessed at once (the operator trial's five).
    ...['password1234', 'Changeme1234!', '123456789012', 'aaaaaaaaaaaa', 'qwertyuiop12'].map(
      (password): [Record<string, string>, string] => [
        { DATABASE_URL: `postgres://u:${encodeURIComponent(password)}@db/folio` },
        'is a default or weak secret',
      ],
    ),
    [{ POSTGRES_HOST: 'db' }, 'the database password (POSTGRES_PASSWORD) is missing'],
    [{ DATABASE_URL: 'postgres://u:@127.0.0.1/f', SMTP_URL: 'smtp://u:password@m' }, 'SMTP_URL'],
    [{ POSTGRES_HOST: 'db', POSTGRES_PASSWORD: 'changeme' }, '(POSTGRES_PASSWORD) is a default'],
    [
      {
        DATABASE_URL: `postgres://u:${STRONG}@db/f`,
        DATABASE_REPLICA_URLS: `postgres://u:${STRONG}@r1/f, postgres://u:postgres@r2/f`,
      },
      'the password in DATABASE_REPLICA_URLS is a default or weak secret',
    ],
  ])('%j → refuses', (env, message) => {
    expect(production(env)).toThrow(/^Refusing to start in production: /);
    expect(production(env)).toThrow(message);
  });

  it('accepts no password for a server on the same host (trust or peer authentication)', () => {
    expect(
      production({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/folio' })(),
    ).toMatchObject({
      nodeEnv: 'production',
    });
    expect(production({ DATABASE_URL: 'postgres://postgres:postgres@localhost/folio' })).toThrow(
      'is a default or weak secret',
    );
  });

  it('checks every *_PASSWORD, *_SECRET, *_KEY, *_TOKEN and URL password that the config read', () => {
    const env = {
      DATABASE_URL: `postgres://u:${STRONG}@db/f`,
      SMTP_URL: 'smtp://mailer:secret@smtp.example:587',
      FIRST_SUPERUSER_PASSWORD: 'password',
      SIGNING_KEY: STRONG,
      REDIS_URL: 'redis://127.0.0.1:6379',
    };
    const check = (names: string[]) => () => assertProductionSecrets(env, names);
    expect(check(['SMTP_URL'])).toThrow('the password in SMTP_URL is a default or weak secret');
    expect(check(['FIRST_SUPERUSER_PASSWORD'])).toThrow(
      'FIRST_SUPERUSER_PASSWORD is a default or weak secret',
    );
    expect(check(['SIGNING_KEY', 'REDIS_URL', 'UNSET_TOKEN'])).not.toThrow();
  });

  it('never echoes a secret it refuses', () => {
    expect(production({ DATABASE_URL: 'postgres://u:hunter2@db/f' })).toThrow(/^(?!.*hunter2)/);
  });

  it('does not apply outside production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).nodeEnv).toBe('development');
    expect(loadConfig({ DATABASE_URL: 'postgres://u:postgres@db/f' }).nodeEnv).toBe('development');
  });
});
