import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

/**
 * "Try it on your phone": motion events need a secure page, and a phone opening
 * http://<this computer>:3000 is not one. So the server also speaks HTTPS with a self-signed
 * certificate made here on first start (no download, no CA) and kept under data/tls, naming
 * localhost and this computer's LAN addresses. The phone warns that it does not know who signed it —
 * true, it is this computer's own. Production uses the proxy's real certificate (docs/deploy.md).
 */

export type DevCertificate = { key: string; cert: string; fingerprint: string; made: boolean; hosts: string[] };

/** This computer's IPv4 addresses a phone on the same network can reach (no loopback, no link-local). */
export const lanAddresses = (): string[] =>
  Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal && !i.address.startsWith('169.254.'))
    .map((i) => i.address);

const DAY = 24 * 3600_000;

/** Loads the kept certificate, or makes one when there is none, it expires within 30 days, or it lacks one of `hosts`. */
export const loadOrMakeCertificate = async (opts: { dir: string; hosts: string[]; now?: Date }): Promise<DevCertificate> => {
  const now = opts.now ?? new Date();
  const hosts = [...new Set(['localhost', '127.0.0.1', ...opts.hosts])];
  const files = { key: path.join(opts.dir, 'key.pem'), cert: path.join(opts.dir, 'cert.pem') };
  if (fs.existsSync(files.key) && fs.existsSync(files.cert)) {
    const key = fs.readFileSync(files.key, 'utf8');
    const cert = fs.readFileSync(files.cert, 'utf8');
    try {
      const x509 = new crypto.X509Certificate(cert);
      const fresh = new Date(x509.validTo).getTime() - now.getTime() > 30 * DAY;
      const covers = hosts.every((h) => (/^[\d.]+$/.test(h) ? x509.checkIP(h) : x509.checkHost(h)) !== undefined);
      if (fresh && covers && x509.checkPrivateKey(crypto.createPrivateKey(key))) return { key, cert, fingerprint: x509.fingerprint256, made: false, hosts };
    } catch {
      // unreadable: make a new one below
    }
  }
  const pems = await generate([{ name: 'commonName', value: 'Exclusive Agent (this computer)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY),
    notAfterDate: new Date(now.getTime() + 365 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((h) => (/^[\d.]+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
    ],
  });
  fs.mkdirSync(opts.dir, { recursive: true });
  fs.writeFileSync(files.key, pems.private, { mode: 0o600 });
  fs.writeFileSync(files.cert, pems.cert);
  return { key: pems.private, cert: pems.cert, fingerprint: new crypto.X509Certificate(pems.cert).fingerprint256, made: true, hosts };
};
