import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a receiver lets a signed timestamp be from its own clock (replays older than this are refused). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * The X-SOS-Signature of a push: `sha256=` and the hex HMAC-SHA256, under the connector's secret, of
 * the timestamp (X-SOS-Timestamp, Unix seconds), a dot and the raw body. Signing the time with the
 * body lets a receiver refuse a captured request sent again later, which a body signature alone cannot.
 */
export function signPush(body: string, timestamp: number, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * What a receiver checks: the signature matches the timestamp and body (in constant time), and the
 * timestamp is within the tolerance of `nowSeconds`.
 */
export function verifyPush(
  body: string,
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  nowSeconds: number,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signPush(body, timestamp, secret));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
