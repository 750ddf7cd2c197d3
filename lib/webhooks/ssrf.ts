import dns from 'node:dns/promises';
import net from 'node:net';
import { AppError } from '../errors.ts';

/**
 * Server-side request forgery: a webhook URL must not make this server call into its own network. Only
 * `https://` (plain http when WEBHOOKS_ALLOW_HTTP=1, for local tests), and every address the name
 * resolves to must be public (loopback, private, link-local, CGNAT, multicast and the like refused unless
 * WEBHOOKS_ALLOW_PRIVATE=1). Checked when the endpoint is saved and again at each delivery, after DNS
 * resolution, and the delivery connects to the address that was checked (a name re-pointed between the
 * check and the connection — DNS rebinding — cannot slip through).
 */
const blocked = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net4, bits, 'ipv4');
for (const [net6, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) blocked.addSubnet(net6, bits, 'ipv6');

export const isPrivateAddress = (address: string): boolean => {
  const family = net.isIP(address);
  if (family === 0) return true;
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 one.
  const mapped = family === 6 && /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

export type UrlPolicy = { allowHttp: boolean; allowPrivate: boolean };

export const policyFromEnv = (env: NodeJS.ProcessEnv = process.env): UrlPolicy => ({ allowHttp: env.WEBHOOKS_ALLOW_HTTP === '1', allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === '1' });

const refuse = (message: string) => new AppError('invalid_input', message, 'url');

/** The URL's form: https (or http when allowed), no credentials in it, at most 2048 characters. */
export const checkUrlForm = (raw: string, policy: UrlPolicy): URL => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('must be a full address such as https://crm.example.com/hooks/service');
  }
  if (raw.length > 2048) throw refuse('is too long (at most 2048 characters)');
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:')) throw refuse('must start with https://');
  if (url.username || url.password) throw refuse('must not contain a user name or password');
  return url;
};

/** The addresses to connect to, every one checked; refuses a name that resolves to a private one. */
export const resolvePublic = async (url: URL, policy: UrlPolicy, lookup: (host: string) => Promise<{ address: string; family: number }[]> = (h) => dns.lookup(h, { all: true })): Promise<{ address: string; family: number }[]> => {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await lookup(host);
    } catch {
      throw refuse(`names a host that does not resolve (${host})`);
    }
  }
  if (!addresses.length) throw refuse(`names a host that does not resolve (${host})`);
  if (!policy.allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw refuse(`points into a private network or this machine (${host} is ${bad.address}): only public addresses are allowed`);
  }
  return addresses;
};
