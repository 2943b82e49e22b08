import type { GazetteerPoint } from './gazetteer.js';

/** An external geocoder: the point of an address, null when it knows none; throws when it cannot answer. */
export interface Geocoder {
  find(address: string): Promise<GazetteerPoint | null>;
}

/** Why the geocoder gave no answer (never with the address: it is T3 and must not reach a log). */
export class GeocoderUnavailable extends Error {
  constructor(reason: string) {
    super(`the geocoder did not answer: ${reason}`);
    this.name = 'GeocoderUnavailable';
  }
}

function number(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/**
 * The first point of a geocoder's answer: a Nominatim-style list (`[{ lat, lon }]`, numbers as text) or
 * Pelias-style GeoJSON (`{ features: [{ geometry: { coordinates: [lon, lat] } }] }`). Pure.
 */
export function pointOfAnswer(body: unknown): GazetteerPoint | null {
  const first = Array.isArray(body) ? (body[0] as { lat?: unknown; lon?: unknown } | undefined) : undefined;
  if (first) {
    const latitude = number(first.lat);
    const longitude = number(first.lon);
    return latitude !== null && longitude !== null ? { latitude, longitude } : null;
  }
  const feature = (body as { features?: { geometry?: { coordinates?: unknown[] } }[] } | null)?.features?.[0];
  const coordinates = feature?.geometry?.coordinates;
  if (Array.isArray(coordinates)) {
    const longitude = number(coordinates[0]);
    const latitude = number(coordinates[1]);
    if (latitude !== null && longitude !== null) return { latitude, longitude };
  }
  return null;
}

/**
 * The URL that asks for one address: `{address}` in the configured URL is replaced by it (Pelias:
 * `https://pelias.example/v1/search?text={address}`); without it the address is added as the `q`
 * parameter (Nominatim: `https://nominatim.example/search?format=json`).
 */
export function searchUrl(template: string, address: string): string {
  if (template.includes('{address}')) return template.replaceAll('{address}', encodeURIComponent(address));
  const url = new URL(template);
  url.searchParams.set('q', address);
  return url.toString();
}

/** A geocoder reached over HTTP at the configured search URL, each request cut after `timeoutMs`. */
export function httpGeocoder(options: { url: string; timeoutMs: number }): Geocoder {
  return {
    async find(address) {
      let response: Response;
      try {
        response = await fetch(searchUrl(options.url, address), {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        // The error's own text may quote the URL, which holds the address: only its kind is told.
        throw new GeocoderUnavailable((error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable');
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new GeocoderUnavailable(`HTTP ${response.status}`);
      }
      try {
        return pointOfAnswer(await response.json());
      } catch {
        throw new GeocoderUnavailable('an answer that is not JSON');
      }
    },
  };
}
