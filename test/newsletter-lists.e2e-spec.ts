import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSubscribersCommand } from '../src/cli/import-subscribers.command';
import { useRegisteredUser } from './support/auth-factory';
import { folioCli } from './support/folio-cli';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

/** A Ghost members export, as Ghost's admin writes it (a BOM, CRLF, its columns). */
const GHOST_MEMBERS =
  '\uFEFFid,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers\r\n' +
  '6a1,ada@example.test,Ada,,true,,,2023-04-05T06:07:08.000Z,,,\r\n' +
  '6a2,grace@example.test,"Hopper, Grace",,false,,,2024-01-02T00:00:00.000Z,,,\r\n' +
  '6a3,Known@Example.test,,,true,,,,,,\r\n' +
  '6a4,not-an-address,,,true,,,,,,\r\n';

/** `npm run cli -- import-subscribers` and the administrators' export, on one Folio. */
describe('moving a subscriber list in and out', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const admin = useRegisteredUser(t, { superuser: true });
  const editor = useRegisteredUser(t, { role: 'editor' });
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'folio-subscribers-'));
    // Here already, unsubscribed: an import does not subscribe them again.
    await t.dataSource.query(
      `INSERT INTO newsletter_subscribers (email, status, unsubscribe_token, unsubscribed_at)
       VALUES ('known@example.test', 'unsubscribed', 'token-of-a-known-address', now())`,
    );
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const file = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  const cli = (args: string[]) =>
    folioCli(['import-subscribers', ...args], { DATABASE_URL: t.database.url });
  const failure = (args: string[]) =>
    cli(args).catch((error: { code: number; stdout: string; stderr: string }) => error);
  /** The command in this process, for the refusals it makes before it opens a database. */
  async function refusal(args: string[]): Promise<{ code: number; stderr: string }> {
    const said: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
      said.push(parts.join(' '));
    });
    try {
      return { code: await importSubscribersCommand(args), stderr: said.join('\n') };
    } finally {
      spy.mockRestore();
    }
  }
  const rows = () =>
    t.dataSource.query<{ email: string; status: string; created_at: Date }[]>(
      'SELECT email, status, created_at FROM newsletter_subscribers ORDER BY id',
    );

  it("imports Ghost's members: subscribed ones active without a confirmation mail, the others unsubscribed", async () => {
    const members = file('members.csv', GHOST_MEMBERS);
    const dry = await cli([members, '--dry-run']);
    expect(dry.stdout).toContain(
      'Dry run, nothing written: would import 2 subscribers (1 active, 1 unsubscribed); 1 already here, left as they were',
    );
    expect(await rows()).toHaveLength(1);

    const { stdout } = await cli([members]);
    expect(stdout).toContain(
      'Imported 2 subscribers (1 active, 1 unsubscribed); 1 already here, left as they were',
    );
    expect(stdout).toContain('Not imported (1):\n  line 5: not-an-address: not an email address');
    expect(await rows()).toEqual([
      expect.objectContaining({ email: 'known@example.test', status: 'unsubscribed' }),
      {
        email: 'ada@example.test',
        status: 'active',
        created_at: new Date('2023-04-05T06:07:08.000Z'),
      },
      expect.objectContaining({ email: 'grace@example.test', status: 'unsubscribed' }),
    ]);
    // A second run changes nothing.
    expect((await cli([members])).stdout).toContain(
      'Imported 0 subscribers (0 active, 0 unsubscribed); 3 already here',
    );
  });

  it('refuses a file it cannot read as a list, in one line', async () => {
    const missing = await failure([join(folder, 'nowhere.csv')]);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toMatch(/nowhere\.csv: ENOENT/);
    // The other refusals come before any database, in this process (a spawned CLI takes ~10 s).
    const noEmail = await refusal([file('names.csv', 'name\nAda\n')]);
    expect(noEmail).toMatchObject({ code: 1 });
    expect(noEmail.stderr.trim()).toMatch(/names\.csv: its first line names no email column$/);
    const none = await refusal([]);
    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr.split('\n')[0]).toBe(
      'import-subscribers needs the list: npm run cli -- import-subscribers <list.csv>',
    );
  });

  it('administrators export the list as CSV, which the import reads back', async () => {
    await t.as(editor.token).get('/api/admin/subscribers/export').expect(403);
    const response = await t.as(admin.token).get('/api/admin/subscribers/export').expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = response.text.trimEnd().split('\r\n');
    // With a byte order mark: Excel then reads it as UTF-8.
    expect(lines[0]).toBe('\uFEFFemail,status,created_at,confirmed_at,unsubscribed_at,bounced_at');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual([
      'known@example.test,unsubscribed',
      'ada@example.test,active',
      'grace@example.test,unsubscribed',
    ]);
    expect(response.text).not.toMatch(/token/i);
    // Filtered as the list is; a filter it does not know is a 422, not the whole list.
    const active = await t
      .as(admin.token)
      .get('/api/admin/subscribers/export')
      .query({ status: 'active', q: 'ADA' })
      .expect(200);
    expect(active.text.trimEnd().split('\r\n').slice(1)).toEqual([
      expect.stringMatching(/^ada@example\.test,active,/),
    ]);
    const unknown = await t
      .as(admin.token)
      .get('/api/admin/subscribers/export')
      .query({ state: 'active' })
      .expect(422);
    expect(unknown.body.errors.state).toBeDefined();

    // Into another Folio: here, after the list is emptied. Dates come back as they were.
    const stored = () =>
      t.dataSource.query<{ status: string; confirmed_at: Date | null }[]>(
        'SELECT email, status, created_at, confirmed_at, unsubscribed_at FROM newsletter_subscribers ORDER BY email',
      );
    const before = await stored();
    await t.dataSource.query('DELETE FROM newsletter_subscribers');
    const { stdout } = await cli([file('export.csv', response.text)]);
    expect(stdout).toContain('Imported 3 subscribers (1 active, 2 unsubscribed)');
    expect(await stored()).toEqual(
      before.map((row) =>
        // The unsubscribed ones' first confirmation is not in the file: their date stands in for it.
        row.status === 'active' ? row : { ...row, confirmed_at: expect.any(Date) },
      ),
    );
  });
});
