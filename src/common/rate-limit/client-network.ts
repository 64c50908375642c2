import ipaddr from 'ipaddr.js';

/**
 * What a per-IP limit counts: an IPv4 address as it is, an IPv6 client by its /64. One subscriber,
 * one home or one server is handed a whole /64, so counting each of its 2^64 addresses apart would let
 * it rotate past any limit. An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) is that IPv4 address.
 */
export function clientNetwork(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const network = (address as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':');
  return `${network}::/64`;
}
