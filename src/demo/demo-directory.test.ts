import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHsdsPackage } from '../directory/hsds-package.js';
import { DEMO_DIRECTORY, DEMO_PROVIDER_ORGANIZATION } from './demo-directory.js';

describe('the demo directory package', () => {
  it('is a valid HSDS package without a single remark, of made-up Connecticut services', async () => {
    const checked = await readHsdsPackage(DEMO_DIRECTORY);
    assert.deepEqual(checked.problems, []);
    const rows = (name: string) => checked.tables.find((t) => t.table.name === name)?.rows ?? [];
    const services = rows('services');
    assert.ok(services.length >= 15 && services.length <= 25, `${services.length} services`);
    // Every location lies inside Connecticut's bounding box, in the three towns.
    for (const { fields } of rows('locations')) {
      const [lat, lon] = [Number(fields.latitude), Number(fields.longitude)];
      assert.ok(lat > 40.95 && lat < 42.06 && lon > -73.73 && lon < -71.78, `${fields.name}: ${lat}, ${lon}`);
    }
    const towns = new Set(rows('addresses').map((r) => r.fields.city));
    assert.deepEqual([...towns].sort(), ['Hartford', 'New Haven', 'Waterbury']);
    assert.ok(rows('languages').some((r) => r.fields.name === 'Spanish'));
    assert.equal(checked.details.length, services.length);
    const part2 = checked.details.filter((d) => d.part2Program).length;
    assert.ok(part2 >= 2 && part2 <= 3, `${part2} Part 2 programs`);
    const provided = checked.details.filter(
      (d) => d.providerOrganizationId === DEMO_PROVIDER_ORGANIZATION.id,
    );
    assert.equal(provided.length, 3);
    const needs = new Set(checked.details.flatMap((d) => d.needs));
    for (const need of [
      'moud',
      'syringe_services',
      'naloxone',
      'housing',
      'food',
      'transport',
      'family_support',
      'mental_health',
      'recovery_coach',
    ]) {
      assert.ok(needs.has(need), need);
    }
    assert.deepEqual(
      new Set(checked.details.flatMap((d) => d.moud)),
      new Set(['buprenorphine', 'methadone', 'naltrexone']),
    );
  });
});
