import { Writable } from 'node:stream';
import pino from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { markTurnedAway, pinoHttpOptions, scrubSecrets } from './request-logging';

/** Lines written by a pino logger built from the app's options, as parsed objects. */
function loggerWithLines(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const { level, formatters, serializers } = pinoHttpOptions('info');
  return { logger: pino({ level, formatters, serializers }, destination), lines };
}

describe('scrubSecrets', () => {
  it('hides secret-named keys in any case down to three levels, in objects and arrays', () => {
    const logged = {
      password: 'p1',
      user: { email: 'a@b.c', Token: 't1', profile: { authorization: 'Bearer x' } },
      headers: { cookie: 'sid=1', accept: '*/*' },
      users: [{ token: 't2' }],
    };
    expect(scrubSecrets(logged)).toEqual({
      password: '[redacted]',
      user: { email: 'a@b.c', Token: '[redacted]', profile: { authorization: '[redacted]' } },
      headers: { cookie: '[redacted]', accept: '*/*' },
      users: [{ token: '[redacted]' }],
    });
  });

  it('leaves the caller’s object as it was, and returns one with nothing to hide unchanged', () => {
    const logged = { user: { token: 't1' }, other: { a: 1 } };
    const scrubbed = scrubSecrets(logged);
    expect(logged.user.token).toBe('t1');
    expect(scrubbed.other).toBe(logged.other);
    const clean = { a: { b: [1, 2] } };
    expect(scrubSecrets(clean)).toBe(clean);
  });

  it('does not walk below three levels, nor into requests, errors and other class instances', () => {
    const deep = { a: { b: { c: { password: 'kept' } } } };
    expect(scrubSecrets(deep)).toBe(deep);
    const error = Object.assign(new Error('boom'), { token: 'e' });
    expect(scrubSecrets({ err: error }).err).toBe(error);
    // Empty values say nothing and stay as they were (a missing token is worth seeing).
    expect(scrubSecrets({ token: null, password: undefined })).toEqual({
      token: null,
      password: undefined,
    });
  });
});

describe('the app’s logger', () => {
  it('writes objects logged by hand without their secrets', () => {
    const { logger, lines } = loggerWithLines();
    logger.warn({ user: { username: 'ann', password: 'Sup3r-Secret' }, token: 'abc' }, 'hand-made');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'hand-made',
      user: { username: 'ann', password: '[redacted]' },
      token: '[redacted]',
    });
    expect(JSON.stringify(lines)).not.toContain('Sup3r-Secret');
  });

  it('logs a child logger’s request by its serializer only (no headers)', () => {
    const { logger, lines } = loggerWithLines();
    const request = {
      id: 'r1',
      method: 'GET',
      url: '/api/user?token=abc',
      headers: { authorization: 'Token secret-token' },
    };
    logger.child({ req: request }).info('request completed');
    expect(lines[0].req).toEqual({
      id: 'r1',
      method: 'GET',
      url: '/api/user?token=%5Bredacted%5D',
    });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });
});

describe('access-line levels', () => {
  const { customLogLevel } = pinoHttpOptions('info');
  const level = (statusCode: number, mark = false) => {
    const response = { statusCode } as unknown as ServerResponse;
    if (mark) markTurnedAway(response);
    return customLogLevel!({ url: '/api/articles' } as IncomingMessage, response, undefined);
  };

  it('an answer by its status: errors for 5xx, warnings for 4xx', () => {
    expect(level(200)).toBe('info');
    expect(level(404)).toBe('warn');
    expect(level(503)).toBe('error');
  });

  it('a request turned away while the server stops is a warning: every deploy has some', () => {
    expect(level(503, true)).toBe('warn');
  });
});
