import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../platform/config.js';

describe('geocoder settings', () => {
  it('default to no geocoder, a 3 s timeout and 90 days of cache', () => {
    const config = loadConfig({});
    assert.deepEqual(
      [config.geocoderUrl, config.geocoderTimeoutMs, config.geocoderCacheDays],
      [null, 3000, 90],
    );
  });

  it('read the URL, timeout and cache days, and refuse what they cannot be', () => {
    const config = loadConfig({
      SOS_GEOCODER_URL: ' https://nominatim.example/search?format=json ',
      SOS_GEOCODER_TIMEOUT_MS: '500',
      SOS_GEOCODER_CACHE_DAYS: '0',
    });
    assert.deepEqual(
      [config.geocoderUrl, config.geocoderTimeoutMs, config.geocoderCacheDays],
      ['https://nominatim.example/search?format=json', 500, 0],
    );
    for (const [name, value] of [
      ['SOS_GEOCODER_URL', 'nominatim.example/search'],
      ['SOS_GEOCODER_TIMEOUT_MS', '0'],
      ['SOS_GEOCODER_TIMEOUT_MS', 'soon'],
      ['SOS_GEOCODER_CACHE_DAYS', '-1'],
    ] as const) {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (error: Error & { code?: string }) => error.code === 'CONFIG_INVALID' && error.message.includes(name),
        `${name}=${value}`,
      );
    }
  });
});
