import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
};

describe('the Node version the README names', () => {
  it('is accepted by every locked package, so npm install prints no EBADENGINE warning', () => {
    const readme = readFileSync('README.md', 'utf8');
    const named = /On a fresh machine with Node (\d+(?:\.\d+){0,2})/.exec(readme)?.[1];
    assert.ok(named, 'the README names a Node version');
    const version = [...named.split('.'), '0', '0'].slice(0, 3).join('.');
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => {
        const range = !Array.isArray(p.engines) ? p.engines?.node : undefined;
        return range !== undefined && !semver.satisfies(version, range);
      })
      .map(([where, p]) => `${where}@${p.version}: node ${(p.engines as Record<string, string>).node}`);
    assert.deepEqual(refusing, [], `packages that refuse Node ${version}`);
  });
});
