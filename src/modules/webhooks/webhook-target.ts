import ipaddr from 'ipaddr.js';

/** The reason `url` cannot be an endpoint, or null when it can (checked at registration). */
export function endpointUrlProblem(
  url: string,
  rules: { requireHttps: boolean; allowPrivate: boolean },
): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return 'must be an absolute http(s) URL';
  }
  if (rules.requireHttps && parsed.protocol !== 'https:') return 'must be https';
  if (parsed.username || parsed.password) return 'must not hold a user name or password';
  if (!rules.allowPrivate && isPrivateHost(parsed.hostname)) {
    return 'must not point at a private, loopback or link-local address';
  }
  return null;
}

/**
 * Whether a host written in the URL is private. Names are resolved (and every address checked again)
 * at each delivery, where the connection is made: see WebhookSender.
 */
function isPrivateHost(hostname: string): boolean {
  // `localhost.` is `localhost`: a fully qualified name ends in the root's dot.
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (!ipaddr.isValid(host)) return false;
  if (ipaddr.process(host).range() !== 'unicast') return true;
  const inside = compatibleIpv4(host);
  return inside !== undefined && ipaddr.process(inside).range() !== 'unicast';
}

/**
 * The IPv4 address inside an IPv4-compatible IPv6 one (`::127.0.0.1`, which URL writes `::7f00:1`;
 * deprecated by RFC 4291, and `unicast` to ipaddr.js), or undefined for any other address.
 */
function compatibleIpv4(host: string): string | undefined {
  if (!ipaddr.IPv6.isValid(host)) return undefined;
  const parts = ipaddr.IPv6.parse(host).parts;
  if (parts.slice(0, 6).some((part) => part !== 0)) return undefined;
  return [parts[6] >> 8, parts[6] & 0xff, parts[7] >> 8, parts[7] & 0xff].join('.');
}
