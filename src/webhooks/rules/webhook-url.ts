import { BlockList, isIP } from 'node:net';
import { BadInputError } from '../../common/errors';

/** Where the hub may POST: the configuration decides whether plain http and private addresses are allowed. */
export interface TargetPolicy {
  /** Plain `http:` URLs (tests, intranets); only `https:` otherwise. */
  allowHttp: boolean;
  /** Private, loopback and link-local addresses (tests); refused otherwise (server-side request forgery). */
  allowPrivate: boolean;
}

const MAX_URL_LENGTH = 2000;

/**
 * Addresses a webhook must not reach unless configured: loopback, private, carrier-grade NAT, link-local (cloud
 * metadata at 169.254.169.254), unspecified, multicast and reserved ranges, IPv6 unique-local and link-local.
 */
const FORBIDDEN = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) FORBIDDEN.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32]] as const) FORBIDDEN.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is private, loopback, link-local or otherwise not a public host. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family !== 6) return true;
  // IPv4-mapped (::ffff:10.0.0.1) and NAT64 (64:ff9b::a00:1) addresses are judged as the IPv4 address they carry.
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return FORBIDDEN.check(mapped[1]!, 'ipv4');
  return FORBIDDEN.check(address, 'ipv6');
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Checks a target URL as written: absolute http(s), https unless allowed, no credentials in it, not too long, and,
 * when the host is an IP literal, not a forbidden address. Hosts given by name are resolved by the caller
 * (addresses change: they are checked again at each delivery).
 */
export function validateWebhookUrl(raw: string, policy: TargetPolicy, field: string): URL {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_URL_LENGTH) throw new BadInputError(field, `must be a URL of at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadInputError(field, 'is not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new BadInputError(field, policy.allowHttp ? 'must be an http or https URL' : 'must be an https URL');
  }
  if (url.username || url.password) throw new BadInputError(field, 'must not carry credentials');
  if (url.hash) throw new BadInputError(field, 'must not have a fragment');
  const host = hostOf(url);
  if (isIP(host) && !policy.allowPrivate && isForbiddenAddress(host)) {
    throw new BadInputError(field, 'points to a private, loopback or link-local address');
  }
  return url;
}
