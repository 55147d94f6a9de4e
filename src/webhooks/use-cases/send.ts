import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { hostOf, isForbiddenAddress, type TargetPolicy } from '../rules/webhook-url';

/** What is kept of an answer: its first kilobyte. */
export const RESPONSE_BODY_LIMIT = 1024;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  /** First kilobyte of the answer, as text. */
  body: string | null;
  error: string | null;
  /** Stopped by this instance's shutdown, not by the receiver: the attempt is recorded as cut, not as a failure (deliver.ts). */
  aborted?: boolean;
}

export interface OutgoingMessage {
  url: string;
  messageId: string;
  body: string;
  /** Every secret that signs (two during a rotation's overlap), unsealed. */
  secrets: readonly string[];
}

/** Standard Webhooks headers: the id, the attempt's time, and one `v1,<signature>` per secret, space-separated. */
export function signedHeaders(message: OutgoingMessage, at: Date): Record<string, string> {
  const signatures = message.secrets.map((secret) => new Webhook(secret).sign(message.messageId, at, message.body));
  return {
    'webhook-id': message.messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

class ForbiddenTargetError extends Error {}

/**
 * Resolves the host at connection time and refuses a forbidden address then (not only when the endpoint was
 * saved): a name that later resolves to 127.0.0.1 or 169.254.169.254 is still refused. The socket connects to
 * the address checked here, so there is no second resolution to race with.
 */
function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return (callback as (e: Error) => void)(error);
      const allowed = policy.allowPrivate ? addresses : addresses.filter((a) => !isForbiddenAddress(a.address));
      if (allowed.length === 0) return (callback as (e: Error) => void)(new ForbiddenTargetError(`${hostname} resolves to a private, loopback or link-local address`));
      if ((options as { all?: boolean }).all) return (callback as (e: null, a: LookupAddress[]) => void)(null, allowed);
      (callback as (e: null, a: string, f: number) => void)(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/**
 * POSTs one signed message: no redirect followed (a 3xx is a failure), `timeoutMs` for the whole exchange, the
 * answer read up to its first kilobyte then dropped. `signal` (the instance shutting down) cuts the exchange short:
 * the result is then `aborted`. Never throws: the result says what happened.
 */
export function sendWebhook(message: OutgoingMessage, policy: TargetPolicy, timeoutMs: number, now = new Date(), signal?: AbortSignal): Promise<SendResult> {
  const started = Date.now();
  const done = (partial: Omit<SendResult, 'durationMs'>): SendResult => ({ ...partial, durationMs: Date.now() - started });
  return new Promise<SendResult>((resolve) => {
    let url: URL;
    try {
      url = new URL(message.url);
    } catch {
      return resolve(done({ ok: false, statusCode: null, body: null, error: 'invalid URL' }));
    }
    const host = hostOf(url);
    if (isIP(host) && !policy.allowPrivate && isForbiddenAddress(host)) {
      return resolve(done({ ok: false, statusCode: null, body: null, error: `${host} is a private, loopback or link-local address` }));
    }
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' && policy.allowHttp ? http : null;
    if (!transport) return resolve(done({ ok: false, statusCode: null, body: null, error: `${url.protocol} is not allowed` }));
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(policy),
        agent: false,
        headers: { 'content-type': 'application/json', 'user-agent': 'Relais-Webhooks/1', 'content-length': Buffer.byteLength(message.body), ...signedHeaders(message, now) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const end = () => {
          const status = response.statusCode ?? 0;
          const body = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8');
          finish(done({ ok: status >= 200 && status < 300, statusCode: status, body, error: status >= 200 && status < 300 ? null : `HTTP ${status}` }));
        };
        response.on('data', (chunk: Buffer) => {
          if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk);
          size += chunk.length;
          // Enough kept: the rest of a large answer is not read.
          if (size >= RESPONSE_BODY_LIMIT) {
            end();
            response.destroy();
          }
        });
        response.on('end', end);
        response.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const abort = () => {
      finish(done({ ok: false, statusCode: null, body: null, error: 'the sending instance shut down', aborted: true }));
      request.destroy();
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    request.on('close', () => signal?.removeEventListener('abort', abort));
    request.on('error', (error) => finish(done({ ok: false, statusCode: null, body: null, error: error.message.slice(0, 500) })));
    request.end(message.body);
  });
}
