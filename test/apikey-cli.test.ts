import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../src/platform/database.js';
import { sos } from './support/sos-process.js';
import { openTestDatabase, seedJurisdiction } from './support/test-databases.js';

// On PostgreSQL: each command opens the database anew, which the embedded one makes slow.
describe('sos apikey rotate, revoke and list', () => {
  let database: { db: Database; dispose(): Promise<void>; url?: string };
  let env: NodeJS.ProcessEnv;
  let organizationId: string;
  before(async () => {
    database = await openTestDatabase('postgres');
    ({
      organization: { id: organizationId },
    } = await seedJurisdiction(database.db));
    env = { DATABASE_URL: database.url };
  });
  after(() => database.dispose());
  const run = async (...args: string[]) => {
    const result = await sos(args, env);
    assert.equal(result.code, 0, `sos ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };

  it('rotates with an overlap, revokes, and lists each key with its status, never its secret', async () => {
    const first = JSON.parse(
      await run('apikey', 'create', '--name', 'CAD', '--organization', organizationId, '--json'),
    );
    const rotated = JSON.parse(
      await run('apikey', 'rotate', '--id', first.id, '--overlap-hours', '6', '--json'),
    );
    assert.match(rotated.key, /^sos_/);
    assert.equal(rotated.replaced.status, 'expiring');
    assert.equal(rotated.replaced.replaced_by, rotated.id);
    assert.match(await run('apikey', 'revoke', '--id', first.id), /revoked API key .* \(CAD, County EMS\)/);
    const listed = JSON.parse(await run('apikey', 'list', '--json')) as {
      id: string;
      status: string;
      created_at: string;
    }[];
    // The old key ends 6 hours after its successor was issued (both times of the server's clock).
    const successor = listed.find((k) => k.id === rotated.id);
    assert.equal(
      Date.parse(rotated.replaced.expires_at) - Date.parse(successor?.created_at ?? ''),
      6 * 3_600_000,
    );
    assert.deepEqual(
      listed.map((k) => [k.id, k.status]).sort(),
      [
        [first.id, 'revoked'],
        [rotated.id, 'active'],
      ].sort(),
    );
    assert.ok(![first.key, rotated.key].some((secret) => JSON.stringify(listed).includes(secret)));
    const again = await sos(['apikey', 'rotate', '--id', first.id], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /error API_KEY_ENDED: /);
  });
});
