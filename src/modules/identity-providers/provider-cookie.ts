/** The cookie that ties a provider's callback to the browser that started the sign-in. */
export const PROVIDER_COOKIE = 'folio_oauth';
const PATH = '/api/auth/providers';
const MAX_AGE_SECONDS = 600;

/** `Lax`: sent on the provider's top-level redirect back, never on another site's subrequests. */
export function providerCookie(value: string, secure: boolean): string {
  return [
    `${PROVIDER_COOKIE}=${value}`,
    `Path=${PATH}`,
    `Max-Age=${MAX_AGE_SECONDS}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedProviderCookie(secure: boolean): string {
  return providerCookie('', secure).replace(`Max-Age=${MAX_AGE_SECONDS}`, 'Max-Age=0');
}

/** The cookie's value in a Cookie header, if any. */
export function readProviderCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === PROVIDER_COOKIE && value.length) return value.join('=');
  }
  return undefined;
}
