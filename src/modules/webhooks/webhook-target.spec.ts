import { endpointUrlProblem } from './webhook-target';

describe('endpointUrlProblem (registration rules of a webhook URL)', () => {
  const production = { requireHttps: true, allowPrivate: false };
  const development = { requireHttps: false, allowPrivate: false };
  const trusted = { requireHttps: false, allowPrivate: true };

  it.each([
    ['https://hooks.example.com/folio', production, null],
    ['http://hooks.example.com/folio', production, 'must be https'],
    ['http://hooks.example.com/folio', development, null],
    ['ftp://hooks.example.com/folio', development, 'must be an absolute http(s) URL'],
    ['/relative/path', development, 'must be an absolute http(s) URL'],
    ['https://user:secret@hooks.example.com/', production, 'must not hold a user name or password'],
    [
      'http://127.0.0.1:8080/',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    ['http://127.0.0.1:8080/', trusted, null],
    [
      'http://app.localhost/',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    // A fully qualified name, ending in the root's dot, is the same host.
    [
      'http://localhost./x',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    [
      'http://app.localhost./',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    [
      'http://192.168.1.10/',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    [
      'http://100.64.0.1/',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    [
      'http://[fd00::1]/',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    [
      'http://[fe80::1]/',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    ['http://0.0.0.0/', development, 'must not point at a private, loopback or link-local address'],
    // IPv4 written inside IPv6: mapped (::ffff:a.b.c.d) and the old compatible form (::a.b.c.d).
    [
      'http://[::ffff:127.0.0.1]/',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    [
      'http://[::127.0.0.1]/',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    [
      'http://[::10.0.0.1]/',
      development,
      'must not point at a private, loopback or link-local address',
    ],
    ['http://93.184.216.34/', development, null],
  ])('%s → %s', (url, rules, problem) => {
    expect(endpointUrlProblem(url, rules)).toBe(problem);
  });
});
