import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolvePublic, type UrlPolicy } from './ssrf.ts';

export type SendResult = { ok: boolean; status: number | null; error: string | null };

/** How a delivery goes out; tests pass their own. */
export type WebhookSender = (opts: { url: string; body: string; headers: Record<string, string>; timeoutMs: number }) => Promise<SendResult>;

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs the body and waits for the answer's status (the answer's body is read and dropped, at most 64 KB).
 * The address is resolved and checked here (lib/webhooks/ssrf.ts) and the connection made to that very
 * address; no redirects are followed (a 3xx is a failure, as Stripe does).
 */
export const httpSender = (policy: UrlPolicy): WebhookSender => async ({ url, body, headers, timeoutMs }) => {
  let target: URL;
  let addresses: { address: string; family: number }[];
  try {
    target = new URL(url);
    addresses = await resolvePublic(target, policy);
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message };
  }
  const pinned: LookupFunction = (_host, options, callback) => {
    const a = addresses[0]!;
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [a]);
    else callback(null, a.address, a.family);
  };
  return new Promise<SendResult>((resolve) => {
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.request(
      target,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'ExclusiveAgent-Webhooks/1', ...headers }, lookup: pinned, timeout: timeoutMs },
      (res) => {
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_ANSWER_BYTES) res.destroy();
        });
        const done = () => {
          const status = res.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, status, error: status >= 200 && status < 300 ? null : `answered ${status}` });
        };
        res.on('end', done);
        res.on('close', done);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ ok: false, status: null, error: err.message }));
    req.end(body);
  });
};
