import { safeReturnPath } from './identity-providers.service';
import { clearedProviderCookie, providerCookie, readProviderCookie } from './provider-cookie';

describe('the return path after a provider', () => {
  it.each([
    ['/settings', '/settings'],
    ['/article/a-b?x=1#c', '/article/a-b?x=1#c'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/with space', '/'],
    ['', '/'],
    [undefined, '/'],
    [`/${'a'.repeat(2048)}`, '/'],
  ])('%j → %j', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});

describe('the provider cookie', () => {
  it('is HttpOnly, Lax, scoped to the provider routes, Secure over https, and read back', () => {
    expect(providerCookie('abc', true)).toBe(
      'folio_oauth=abc; Path=/api/auth/providers; Max-Age=600; HttpOnly; SameSite=Lax; Secure',
    );
    expect(providerCookie('abc', false)).not.toContain('Secure');
    expect(clearedProviderCookie(false)).toContain('Max-Age=0');
    expect(readProviderCookie('a=1; folio_oauth=x=y; b=2')).toBe('x=y');
    expect(readProviderCookie('folio_oauthx=1')).toBeUndefined();
    expect(readProviderCookie(undefined)).toBeUndefined();
  });
});
