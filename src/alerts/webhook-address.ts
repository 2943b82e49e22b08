import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { SosError } from '../platform/errors.js';
import { type AddressRange, addressNumber, inRange, nonPublicRange } from '../platform/ip-ranges.js';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (the system resolver by default; tests give their own). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver, every address of both families, as connections would use it. */
export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** What a webhook address check needs: the ranges an operator allows, and the resolver. */
export interface WebhookAddressPolicy {
  /** Blocks that may be reached though not public (SOS_WEBHOOK_ALLOWED_RANGES). */
  allowedRanges: readonly AddressRange[];
  resolve?: HostResolver;
}

function refused(url: URL, message: string, details: Record<string, unknown> = {}): SosError {
  return new SosError('WEBHOOK_ADDRESS_REFUSED', `webhook.url (${url.host}): ${message}`, {
    field: 'webhook.url',
    ...details,
  });
}

/**
 * Resolves a webhook URL's host and returns its addresses when every one may be reached: public,
 * or inside a range the operator allows. Else WEBHOOK_ADDRESS_REFUSED (422): a rule's author must
 * not make the server call its own loopback, a cloud metadata service or the internal network
 * (SSRF). Every address is judged, since a connection may use any of them.
 */
export async function checkWebhookAddress(
  target: string | URL,
  policy: WebhookAddressPolicy,
): Promise<ResolvedAddress[]> {
  const url = typeof target === 'string' ? new URL(target) : target;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: ResolvedAddress[];
  const literal = isIP(host);
  if (literal !== 0) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(host);
    } catch (error) {
      throw refused(url, `the host name does not resolve (${(error as Error).message})`);
    }
    if (addresses.length === 0) throw refused(url, 'the host name does not resolve');
  }
  for (const { address } of addresses) {
    const range = nonPublicRange(address);
    if (range === null) continue;
    const value = addressNumber(address) as bigint;
    if (policy.allowedRanges.some((allowed) => inRange(value, allowed))) continue;
    throw refused(
      url,
      `${address} is not a public address (${range.text}); an operator may allow its range with SOS_WEBHOOK_ALLOWED_RANGES`,
      { address, range: range.text },
    );
  }
  return addresses;
}
