import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  type FixtureDirectoryEntry,
  seedDirectoryEntries,
} from '../../test/support/directory-search-fixtures.js';
import { ManualTime } from '../../test/support/manual-time.js';
import { signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Role } from '../access/roles.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';

const HARTFORD = '41.7637,-72.6851';
const weekdays = { byday: 'MO,TU,WE,TH,FR', opensAt: '08:00', closesAt: '16:00' };

/** Hartford area services; the clock stands at Monday 2 March 2026, 10:00 EST. */
const ENTRIES: FixtureDirectoryEntry[] = [
  {
    id: 'svc-harbor',
    name: 'Harbor Recovery Clinic',
    organization: 'Harbor Health Inc.',
    needs: ['moud', 'mental_health'],
    moud: ['buprenorphine', 'methadone'],
    insurance: ['medicaid', 'private'],
    languages: ['English', 'Spanish'],
    part2Program: true,
    capacity: { status: 'waitlist', waitlistDays: 3 },
    phone: '(860) 555-0100',
    locations: [
      { name: 'Harbor main', latitude: 41.765, longitude: -72.68, street: '10 Main St', city: 'Hartford' },
    ],
    schedules: [weekdays],
  },
  {
    id: 'svc-east',
    name: 'East Hartford MOUD',
    organization: 'East Side Care',
    needs: ['moud'],
    moud: ['buprenorphine'],
    insurance: ['medicaid'],
    languages: ['English'],
    capacity: { status: 'available' },
    locations: [{ name: 'East clinic', latitude: 41.7823, longitude: -72.6121 }],
    schedules: [weekdays],
  },
  {
    id: 'svc-evening',
    name: 'Evening MOUD (closed at 10 am)',
    organization: 'Night Care',
    needs: ['moud'],
    locations: [{ name: 'Evening clinic', latitude: 41.77, longitude: -72.69 }],
    schedules: [{ byday: 'MO,TU,WE,TH,FR', opensAt: '17:00', closesAt: '22:00' }],
  },
  {
    id: 'svc-new-haven',
    name: 'New Haven MOUD',
    organization: 'Shoreline Treatment',
    needs: ['moud'],
    locations: [{ name: 'New Haven clinic', latitude: 41.3083, longitude: -72.9279 }],
    schedules: [weekdays],
  },
  {
    id: 'svc-food',
    name: 'Hartford Food Pantry',
    organization: 'Foodshare',
    needs: ['food'],
    locations: [{ name: 'Pantry', latitude: 41.76, longitude: -72.68 }],
    schedules: [weekdays],
  },
];

describeEachEngine('directory search over the API', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let otherCookie: string;
  let jurisdictionId: string;

  const get = async (url: string, role: Role | null = 'outreach_worker', cookie?: string) => {
    const response = await app.inject({
      method: 'GET',
      url,
      headers: cookie || role ? { cookie: cookie ?? (cookies.get(role as Role) as string) } : {},
    });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  before(async () => {
    context = await openTestContext(engine, { clock: new ManualTime(new Date('2026-03-02T15:00:00Z')) });
    app = await buildApp(context);
    const { jurisdiction } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    jurisdictionId = jurisdiction.id;
    await seedDirectoryEntries(context.db, jurisdiction.id, ENTRIES);
    cookies = await signInRoles(app, context, jurisdiction.id, [
      'administrator',
      'analyst',
      'outreach_coordinator',
      'outreach_worker',
      'public_safety_analyst',
      'harm_reduction_partner',
      'submitter',
    ]);
    // Another jurisdiction, with a directory of its own.
    const other = await seedJurisdiction(context.db, { timeZone: 'America/Chicago' });
    await seedDirectoryEntries(context.db, other.jurisdiction.id, [
      { ...ENTRIES[0], id: 'elsewhere' } as FixtureDirectoryEntry,
    ]);
    otherCookie = (await signInRoles(app, context, other.jurisdiction.id, ['analyst'])).get(
      'analyst',
    ) as string;
  });
  after(async () => {
    await app?.close();
    await context?.dispose();
  });

  it('finds the services meeting need, open now and distance, nearest first, with what a worker needs', async () => {
    const answer = await get(
      `/api/v1/directory/services?need=moud&open_now=true&near=${HARTFORD}&within_km=10`,
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const services = answer.body.services as Record<string, unknown>[];
    // Evening: closed at 10 am; New Haven: 54 km away; the pantry: food.
    assert.deepEqual(
      services.map((s) => s.id),
      ['svc-harbor', 'svc-east'],
    );
    assert.equal(answer.body.total, 2);
    assert.equal(answer.body.next_cursor, null);
    const harbor = services[0] as Record<string, unknown>;
    assert.deepEqual(harbor.organization, { id: 'org-svc-harbor', name: 'Harbor Health Inc.' });
    assert.deepEqual(harbor.phones, [{ number: '(860) 555-0100', type: 'voice' }]);
    assert.deepEqual(harbor.moud, ['buprenorphine', 'methadone']);
    assert.deepEqual(harbor.languages, ['English', 'Spanish']);
    assert.equal(harbor.part2_program, true);
    assert.equal(harbor.open_now, true);
    assert.equal(harbor.schedule_text, 'Mon, Tue, Wed, Thu, Fri 08:00-16:00');
    assert.deepEqual((harbor.capacity as Record<string, unknown>).status, 'waitlist');
    assert.deepEqual((harbor.capacity as Record<string, unknown>).waitlist_days, 3);
    const [location] = harbor.locations as Record<string, unknown>[];
    assert.equal(location?.address, '10 Main St, Hartford, CT');
    // 41.7637,-72.6851 to 41.765,-72.68: 0.447 km by the spherical law of cosines, to 0.1 km.
    assert.equal(location?.distance_km, 0.4);
  });

  it('draws the same services on the map, one point per place, longitude first', async () => {
    const map = await get(`/api/v1/directory/map?need=moud&open_now=true&near=${HARTFORD}&within_km=10`);
    assert.equal(map.status, 200, JSON.stringify(map.body));
    const features = map.body.features as {
      geometry: { coordinates: number[] };
      properties: Record<string, unknown>;
    }[];
    assert.deepEqual(
      features.map((f) => [f.properties.service_id, f.geometry.coordinates]),
      [
        ['svc-harbor', [-72.68, 41.765]],
        ['svc-east', [-72.6121, 41.7823]],
      ],
    );
    assert.deepEqual(features[0]?.properties, {
      service_id: 'svc-harbor',
      location_id: 'svc-harbor-loc-0',
      city: 'Hartford',
      name: 'Harbor Recovery Clinic',
      needs: ['moud', 'mental_health'],
      capacity_status: 'waitlist',
      open_now: true,
    });
    const all = await get('/api/v1/directory/map');
    assert.equal((all.body.features as unknown[]).length, ENTRIES.length);
  });

  it('pages through every service by name, with the total', async () => {
    const seen: string[] = [];
    let url = '/api/v1/directory/services?limit=2';
    for (;;) {
      const page = await get(url);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.equal(page.body.total, ENTRIES.length);
      seen.push(...(page.body.services as { name: string }[]).map((s) => s.name));
      if (!page.body.next_cursor) break;
      url = `/api/v1/directory/services?limit=2&cursor=${page.body.next_cursor}`;
    }
    assert.deepEqual(
      seen,
      ENTRIES.map((e) => e.name).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
  });

  it('is read by every signed-in role but submitters, each in its own jurisdiction', async () => {
    for (const role of [
      'administrator',
      'analyst',
      'outreach_coordinator',
      'outreach_worker',
      'public_safety_analyst',
      'harm_reduction_partner',
    ] as Role[]) {
      for (const path of ['services', 'map']) {
        const answer = await get(`/api/v1/directory/${path}`, role);
        assert.equal(answer.status, 200, `${role} ${path}: ${JSON.stringify(answer.body)}`);
      }
    }
    for (const path of ['services', 'map']) {
      assert.equal((await get(`/api/v1/directory/${path}`, 'submitter')).status, 403);
      assert.equal((await get(`/api/v1/directory/${path}`, null)).status, 401);
    }
    const other = await get('/api/v1/directory/services', null, otherCookie);
    assert.deepEqual(
      (other.body.services as { id: string }[]).map((s) => s.id),
      ['elsewhere'],
    );
  });

  it('answers 400 naming the field for a bad point, a distance without a point, or a made-up cursor', async () => {
    const cases: [string, string][] = [
      ['within_km=5', 'within_km'],
      ['near=100,0', 'near'],
      ['near=hartford', 'near'],
      ['cursor=abc', 'cursor'],
      ['need=unicorns', 'need'],
    ];
    for (const [query, field] of cases) {
      const answer = await get(`/api/v1/directory/services?${query}`);
      assert.equal(answer.status, 400, query);
      const error = answer.body.error as { code: string; details: unknown };
      assert.equal(error.code, 'VALIDATION_FAILED', query);
      assert.match(JSON.stringify(error.details), new RegExp(`"field":"${field}"`), query);
    }
  });

  it('sees a change of the directory at the next search (capacity, a new service, a removed one)', async () => {
    const moud = async () =>
      (
        (await get('/api/v1/directory/services?need=moud')).body.services as {
          id: string;
          capacity: { status: string };
        }[]
      ).map((s) => `${s.id}:${s.capacity.status}`);
    assert.deepEqual(await moud(), [
      'svc-east:available',
      'svc-evening:unknown',
      'svc-harbor:waitlist',
      'svc-new-haven:unknown',
    ]);
    await context.db.query(
      // updated_at left as it was: an edit stamped by a clock that stood still is seen too.
      `update directory_service_details set capacity_status = 'full'
       where jurisdiction_id = $1 and service_id = 'svc-east'`,
      [jurisdictionId],
    );
    assert.deepEqual(await moud(), [
      'svc-east:full',
      'svc-evening:unknown',
      'svc-harbor:waitlist',
      'svc-new-haven:unknown',
    ]);
    await seedDirectoryEntries(context.db, jurisdictionId, [
      { ...(ENTRIES[1] as FixtureDirectoryEntry), id: 'svc-added', name: 'Added MOUD' },
    ]);
    await context.db.query(
      `delete from directory_rows where jurisdiction_id = $1 and hsds_table = 'services' and id = 'svc-new-haven'`,
      [jurisdictionId],
    );
    assert.deepEqual(await moud(), [
      'svc-added:available',
      'svc-east:full',
      'svc-evening:unknown',
      'svc-harbor:waitlist',
    ]);
  });
});
