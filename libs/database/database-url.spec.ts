import type { parse as Parse } from 'pg-connection-string';
import { configuredDatabaseUrl, urlProblem, withExplicitSslMode } from './database-url';

describe('urlProblem', () => {
  const postgres = ['postgres', 'postgresql'];

  it.each([
    'postgres://folio:Str0ng-secret@db:5432/folio',
    // An unencoded @ in the password: the last @ ends it, as the driver reads it too.
    'postgres://folio:p@ss-long-secret@db/folio',
    'postgresql://folio:50%25off%2Fsecret@db/folio?sslmode=verify-full',
  ])('accepts %s', (url) => {
    expect(urlProblem(url, postgres)).toBeUndefined();
  });

  it.each([
    [
      'postgres://folio:50%off@db/folio',
      'has a % in its password that is not followed by two hex digits',
    ],
    ['postgres://fo%lio@db/folio', 'has a % in its user'],
    ['postgres://folio@db/fo%lio', 'has a % in its path'],
    [
      'postgres://folio:a/b@db/folio',
      'must be a URL (postgres://...); a password with @ : / ? # or %',
    ],
    // Unencoded, a # ends the URL: the password would be "p" and the host "ss".
    [
      'postgres://postgres:p@ss#w0rd/long@127.0.0.1:5432/db',
      'has a # in it; a password with @ : / ? # or % in it must be percent-encoded',
    ],
    ['not a url', /^must be a URL \(postgres:\/\/\.\.\.\)$/],
    ['mysql://folio@db/folio', 'must start with postgres:// or postgresql://'],
  ])('%s: %s', (url, problem) => {
    expect(urlProblem(url, postgres)).toMatch(problem);
  });

  it('never quotes the URL', () => {
    expect(urlProblem('postgres://folio:hunter2%zz@db/folio', postgres)).not.toContain('hunter2');
    expect(urlProblem('postgres://folio:hunter2/x@db/folio', postgres)).not.toContain('hunter2');
  });

  it('stops a configured DATABASE_URL before the driver sees it', () => {
    expect(() => configuredDatabaseUrl({ DATABASE_URL: 'postgres://u:50%off@db/folio' })).toThrow(
      'Invalid configuration: DATABASE_URL has a % in its password',
    );
  });
});

describe('withExplicitSslMode', () => {
  /** The driver's reading of a URL, and whether it warned about it (it warns once a process: a fresh copy). */
  function driverReads(url: string): { ssl: unknown; warned: boolean } {
    let parse!: typeof Parse;
    jest.isolateModules(() => {
      ({ parse } = jest.requireActual<{ parse: typeof Parse }>('pg-connection-string'));
    });
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      return { ssl: parse(url).ssl, warned: warn.mock.calls.length > 0 };
    } finally {
      warn.mockRestore();
    }
  }

  it.each(['prefer', 'require', 'verify-ca'])(
    'sslmode=%s: the connection the driver makes of it, without its warning',
    (mode) => {
      const url = `postgres://folio:secret@db/folio?sslmode=${mode}&application_name=x`;
      const explicit = withExplicitSslMode(url);
      expect(explicit).toBe(
        'postgres://folio:secret@db/folio?sslmode=verify-full&application_name=x',
      );
      const before = driverReads(url);
      const after = driverReads(explicit);
      expect(before.warned).toBe(true);
      expect(after).toEqual({ ssl: before.ssl, warned: false });
    },
  );

  it.each([
    'postgres://folio:secret@db/folio',
    'postgres://folio:secret@db/folio?sslmode=disable',
    'postgres://folio:secret@db/folio?sslmode=verify-full',
    'postgres://folio:secret@db/folio?uselibpqcompat=true&sslmode=require',
  ])('leaves %s as it is', (url) => {
    expect(withExplicitSslMode(url)).toBe(url);
  });

  it('is what DATABASE_URL resolves to', () => {
    expect(
      configuredDatabaseUrl({ DATABASE_URL: 'postgres://u:p@db/folio?sslmode=require' })?.url,
    ).toBe('postgres://u:p@db/folio?sslmode=verify-full');
  });
});
