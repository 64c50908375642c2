import { StartupError } from '../libs/database/startup-error';
import { describeListenError } from './listen-errors';

const systemError = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

describe('describeListenError', () => {
  it('names the port that is in use and the variable to change', () => {
    const described = describeListenError(systemError('EADDRINUSE'), '127.0.0.1', 3000);
    expect(described).toBeInstanceOf(StartupError);
    expect(described?.message).toBe(
      'the HTTP port 3000 on 127.0.0.1 is in use by another program; stop it or set PORT',
    );
  });

  it('names a HOST that does not resolve, and one that is not this machine', () => {
    expect(describeListenError(systemError('ENOTFOUND'), 'nope.invalid', 3000)?.message).toMatch(
      /^HOST "nope\.invalid" is not a name this machine can resolve/,
    );
    expect(describeListenError(systemError('EADDRNOTAVAIL'), '10.9.9.9', 3000)?.message).toMatch(
      /^HOST "10\.9\.9\.9" is not an address of this machine/,
    );
  });

  it('leaves other errors alone', () => {
    expect(describeListenError(new Error('boom'), '127.0.0.1', 3000)).toBeUndefined();
    expect(describeListenError(undefined, '127.0.0.1', 3000)).toBeUndefined();
  });
});
