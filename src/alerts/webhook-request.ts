import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkWebhookAddress, type ResolvedAddress, type WebhookAddressPolicy } from './webhook-address.js';

/**
 * A connection lookup that answers only the addresses already checked, so the connection goes
 * where the check looked (no second resolution a DNS rebinding could change).
 */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
    const first = usable[0];
    const reply = callback as (...args: unknown[]) => void;
    if (!first) reply(Object.assign(new Error('No checked address of that family'), { code: 'ENOTFOUND' }));
    else if (options.all) reply(null, usable);
    else reply(null, first.address, first.family);
  };
}

/**
 * POSTs a webhook body and answers the receiver's status. The host is resolved and checked first
 * (checkWebhookAddress) and the connection pinned to those addresses; redirects are not followed,
 * a 3xx is an answer like any other, so a receiver cannot bounce the request inside the network.
 */
export async function postWebhook(
  target: string,
  request: { headers: Record<string, string>; body: string; timeoutMs: number },
  policy: WebhookAddressPolicy,
): Promise<number> {
  const url = new URL(target);
  const addresses = await checkWebhookAddress(url, policy);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: pinnedLookup(addresses),
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
