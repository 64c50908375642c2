import { folioCli } from './support/folio-cli';
import { registerUser } from './support/auth-factory';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from './support/test-app';
import { databaseUrl, dropDatabase, withAdmin } from './support/test-database-server';

const FAST_ARGON2 = { AUTH_ARGON2_MEMORY_KIB: '8192', AUTH_ARGON2_ITERATIONS: '1' };

const ROOT = join(__dirname, '..');

/** The create-superuser example of docs/accounts-api.md, as its words (quotes removed), the password filled in. */
function documentedExample(password: string): string[] {
  const doc = readFileSync(join(ROOT, 'docs', 'accounts-api.md'), 'utf8');
  const command = /`npm run cli -- (create-superuser [^`]+)`/.exec(doc)?.[1];
  if (!command)
    throw new Error('docs/accounts-api.md has no `npm run cli -- create-superuser …` example');
  return (command.match(/'[^']*'|\S+/g) ?? []).map((word) =>
    word === "'…'" ? password : word.replace(/^'(.*)'$/, '$1'),
  );
}

describe('npm run cli -- create-superuser', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  const cli = (args: string[]) => folioCli(args, { DATABASE_URL: database.url, ...FAST_ARGON2 });

  it('runs the documented example as written and creates a verified administrator', async () => {
    const args = documentedExample('a-long-password-1');
    const email = args[args.indexOf('--email') + 1];
    const username = args[args.indexOf('--username') + 1];
    const { stdout } = await cli(args);
    expect(stdout).toContain(`Administrator ${username} <${email}> created`);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT role, is_verified, is_active FROM users WHERE email = $1',
        [email],
      );
      expect(rows).toEqual([{ role: 'administrator', is_verified: true, is_active: true }]);
    } finally {
      await client.end();
    }
  });

  it('takes an email with white space around it (pasted) and stores it trimmed', async () => {
    const { stdout } = await cli([
      'create-superuser',
      '--email',
      ' spaced_root@example.test \t',
      '--username',
      'spaced_root',
      '--password',
      'a-long-password-1',
    ]);
    expect(stdout).toContain('Administrator spaced_root <spaced_root@example.test> created');
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT email, role FROM users WHERE username = $1', [
        'spaced_root',
      ]);
      expect(rows).toEqual([{ email: 'spaced_root@example.test', role: 'administrator' }]);
    } finally {
      await client.end();
    }
  });

  it('promotes an existing account only once it has verified its email, keeping its password', async () => {
    const email = 'registered-first@example.test';
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const account = () =>
      client.query('SELECT role, password_hash FROM users WHERE email = $1', [email]);
    try {
      // Someone registered the operator's address with a password of their own, never confirmed.
      await client.query(
        `INSERT INTO users (email, username, password_hash, is_verified) VALUES ($1, 'squatter', 'their-hash', false)`,
        [email],
      );
      const args = ['create-superuser', '--email', email, '--username', 'root_user'];
      const refused = await cli([...args, '--password', 'a-long-password-1']).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(refused).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('has never verified that address') as unknown,
      });
      expect((await account()).rows).toEqual([{ role: null, password_hash: 'their-hash' }]);

      await client.query('UPDATE users SET is_verified = true WHERE email = $1', [email]);
      const { stdout } = await cli([...args, '--password', 'a-long-password-1']);
      expect(stdout).toContain('is now an administrator (its username and password are unchanged)');
      expect((await account()).rows).toEqual([
        { role: 'administrator', password_hash: 'their-hash' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('refuses a malformed email with the reason and the usage, exit code 2', async () => {
    const failure = await cli([
      'create-superuser',
      '--email',
      'not-an-email',
      '--username',
      'root_user',
      '--password',
      'a-long-password-1',
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('email is invalid') });
  });
});

describe('npm run cli -- set-password', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const cli = (args: string[], env: Record<string, string> = {}) =>
    folioCli(args, { DATABASE_URL: t.database.url, ...FAST_ARGON2, ...env });
  const logIn = (email: string, password: string) =>
    t.http().post('/api/users/login').send({ user: { email, password } });

  it("sets an account's password (an administrator locked out with no mail) and signs out its sessions", async () => {
    const admin = await registerUser(t);
    const { stdout } = await cli(['set-password', '--email', admin.email.toUpperCase()], {
      NEW_PASSWORD: 'a-new-long-password',
    });
    expect(stdout).toContain(`The password of <${admin.email.toUpperCase()}> is set`);
    await logIn(admin.email, 'a-new-long-password').expect(200);
    await logIn(admin.email, admin.password).expect(401);
    // The session it had is over, on the running app too.
    await t.as(admin.token).get('/api/user').expect(401);
  });

  /** A run that fails: its exit code and standard error. */
  const failed = (args: string[], env: Record<string, string> = {}) =>
    cli(['set-password', ...args], env).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );

  it('says so when no account has the email (exit 1), and refuses a short password (exit 2)', async () => {
    expect(
      await failed(['--email', 'nobody@example.test', '--password', 'long-enough-1']),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('No account has the email') });
    expect(await failed(['--email', 'a@example.test', '--password', 'short'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('8 to 128 characters'),
    });
  });

  it('in production refuses a weak password, as the start refuses FIRST_SUPERUSER_PASSWORD', async () => {
    const user = await registerUser(t);
    expect(
      await failed(['--email', user.email, '--password', 'password'], { NODE_ENV: 'production' }),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Refusing in production: the password is a default or weak'),
    });
    await logIn(user.email, user.password).expect(200);
  });
});

describe('npm run cli on a database Folio has never started on', () => {
  const adminUrl = process.env.FOLIO_TEST_ADMIN_URL as string;
  const name = `folio_cli_empty_${process.pid}`;
  const url = databaseUrl(adminUrl, name);
  const fresh = (env: Record<string, string> = {}) =>
    withAdmin(adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${name}`);
    }).then(() => ({ DATABASE_URL: url, ...FAST_ARGON2, ...env }));
  const superuser = ['create-superuser', '--email', 'first@example.test', '--username', 'first'];

  afterAll(() => dropDatabase(adminUrl, name));

  it('applies the migrations first, as npm start would (docs/accounts-api.md has this step before the first start)', async () => {
    const { stdout, stderr } = await folioCli(
      [...superuser, '--password', 'a-long-password-1'],
      await fresh(),
    );
    expect(stdout).toContain('Administrator first <first@example.test> created');
    expect(stderr).toContain('Applied migration CreateAuth');
    // Plain lines, not Nest's coloured ones.
    expect(stderr).not.toContain('\u001b[');
  });

  it('says a failed statement in one line, without its SQL or parameters', async () => {
    const env = await fresh();
    await folioCli([...superuser, '--password', 'a-long-password-1'], env);
    await withAdmin(url, (client) =>
      client.query('ALTER TABLE users RENAME COLUMN role TO old_role'),
    );
    const failure = await folioCli(
      ['create-superuser', '--email', 'second@example.test', '--username', 'second'],
      { ...env, SUPERUSER_PASSWORD: 'a-long-password-2' },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const { stderr } = failure as { stderr: string };
    expect(stderr.trim().split('\n').at(-1)).toBe('Failed: column u.role does not exist');
    expect(stderr).not.toContain('second@example.test');
    expect(stderr).not.toContain('SELECT');
  });

  it('with MIGRATIONS_RUN=false, says the schema is behind in one line', async () => {
    const failure = await folioCli(
      [...superuser, '--password', 'a-long-password-1'],
      await fresh({ MIGRATIONS_RUN: 'false' }),
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr.trim()).toMatch(
      /^The database schema is behind: \d+ migration\(s\) not applied \(.*\); run npm run migration:run \(with only the build, as in the Docker image: npx typeorm migration:run -d dist\/ormconfig\.js\)$/,
    );
  });
});

describe('npm run cli: what it says of the words it is given', () => {
  type Failure = { code: number; stdout: string; stderr: string };
  const failure = (args: string[]) =>
    folioCli(args).then(
      () => {
        throw new Error(`npm run cli -- ${args.join(' ')} succeeded`);
      },
      (error: Failure) => error,
    );

  it('--help prints the usage on standard output and succeeds', async () => {
    const { stdout, stderr } = await folioCli(['--help']);
    expect(stdout).toMatch(/^Usage: npm run cli -- create-superuser/);
    expect(stderr).toBe('');
  });

  it.each([
    [['bogus'], 'Unknown command: bogus'],
    [['recount', 'extra'], 'recount takes no arguments (given: extra)'],
    [
      ['create-superuser', '--emial', 'a@b.example', '--username', 'root_user'],
      "Unknown option '--emial'",
    ],
    [['import-ghost', 'x.json', '--ghost-url'], "Option '--ghost-url <value>' argument missing"],
  ])(
    'npm run cli -- %j: says what is wrong in its first line, then the usage; exit 2',
    async (args, problem) => {
      const { code, stderr } = await failure(args);
      expect(code).toBe(2);
      const [first, second] = stderr.split('\n');
      expect(first).toContain(problem);
      expect(second).toMatch(/^Usage: /);
    },
  );
});
