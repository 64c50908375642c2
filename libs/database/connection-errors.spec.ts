import { describeConnectionError } from './connection-errors';

const URL = 'postgres://folio:secret@db.example:6543/blog';

describe('describeConnectionError', () => {
  it.each([
    ['ECONNREFUSED', 'Cannot reach PostgreSQL at db.example:6543 (connection refused)'],
    ['ENOTFOUND', 'the host "db.example" is unknown'],
    ['28P01', 'PostgreSQL rejected the password for user "folio" at db.example:6543'],
    ['3D000', 'The database "blog" does not exist on db.example:6543; create it with: createdb'],
  ])('%s gets one clear line', (code, expected) => {
    const error = describeConnectionError(Object.assign(new Error('driver'), { code }), URL);
    expect(error?.message).toContain(expected);
    expect(error?.message).not.toContain('secret');
    expect(error?.message).not.toContain('\n');
  });

  it.each([
    // A port that takes the connection and never answers (pg's connectionTimeoutMillis).
    ['Connection terminated due to connection timeout', 'at db.example:6543 (timed out)'],
    // A port that takes the connection and closes it (not PostgreSQL's).
    ['Connection terminated unexpectedly', 'at db.example:6543 closed the connection at once'],
  ])('"%s" names the server', (message, expected) => {
    expect(describeConnectionError(new Error(message), URL)?.message).toContain(expected);
  });

  it.each([
    // The errors pg gave a test server speaking TLS with a self-signed certificate, and PostgreSQL without ssl.
    [
      { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
      'PostgreSQL at db.example:6543 sent a certificate that does not verify (self-signed certificate): name its CA with sslrootcert=',
    ],
    [
      { message: 'The server does not support SSL connections' },
      'PostgreSQL at db.example:6543 does not accept SSL connections: turn ssl on',
    ],
  ])('TLS: %j', (fields, expected) => {
    const error = describeConnectionError(Object.assign(new Error(fields.message), fields), URL);
    expect(error?.message).toContain(expected);
  });

  it('leaves unknown failures to the caller', () => {
    expect(describeConnectionError(new Error('something else'), URL)).toBeUndefined();
  });
});
