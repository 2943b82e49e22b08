import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { insertOrganization } from '../../src/access/jurisdictions/jurisdiction-repository.js';
import { cliActor, type Role } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { seedAgreement, seedDirectoryService } from '../support/care-fixtures.js';
import { type OutreachWorld, seedOutreachWorld } from '../support/outreach-seed.js';
import { pdfText } from '../support/pdf-text.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../support/sign-in.js';
import { describeEachEngine, openTestContext } from '../support/test-databases.js';

/**
 * Nothing of outreach reaches a signed-in role the policy grants no outreach action (public safety,
 * harm reduction partners, submitters, and an organization's API key): every operation of the OpenAPI
 * document is called as each of them, so a route added later is walked too. Outreach operations answer
 * 404 as if they did not exist; no answer of any operation holds a seeded outreach value (ids, names,
 * phone, plan, recipient, team) or a key naming outreach, a consent, a visit or an attempt (so no
 * outreach count, however small, rides along in the public or partner aggregates either).
 */

/** The operations of the outreach API contract (issue 14), paths under /api/v1/outreach with `{}` parameters. */
const CONTRACT_OPERATIONS = [
  'GET /programs',
  'POST /programs',
  'GET /programs/{}',
  'PATCH /programs/{}',
  'POST /programs/{}/members',
  'PATCH /programs/{}/members/{}',
  'GET /programs/{}/queue-health',
  'GET /programs/{}/outcomes',
  'GET /programs/{}/outcomes.csv',
  'GET /programs/{}/outcomes.pdf',
  'GET /cases',
  'POST /cases',
  'GET /cases/{}',
  'POST /cases/{}/assign',
  'POST /cases/{}/close',
  'GET /cases/{}/attempts',
  'POST /cases/{}/attempts',
  'GET /cases/{}/visits',
  'POST /cases/{}/visits',
  'GET /cases/{}/consents',
  'POST /cases/{}/consents',
  'POST /cases/{}/consents/{}/revoke',
  'POST /cases/{}/break-the-glass',
  // Issue 15: closed-loop referrals.
  'GET /cases/{}/referrals',
  'POST /cases/{}/referrals',
  'POST /cases/{}/referrals/{}/status',
  'GET /cases/{}/referrals/{}/fhir',
];

/** The receiving side of referrals and their FHIR reads, outside /api/v1/outreach (issue 15). */
const RECEIVING_PREFIXES = ['/api/v1/referrals', '/api/v1/fhir/'];

const OUTREACH_PREFIX = '/api/v1/outreach/';

/** Words no key of an answer to these roles may contain. */
const OUTREACH_KEY = /outreach|consent|visit|attempt/i;

/** The roles the policy grants no outreach action. */
const ROLES_WITHOUT_OUTREACH = ['public_safety_analyst', 'harm_reduction_partner', 'submitter'] as const;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  schema?: { default?: unknown; example?: unknown; enum?: unknown[]; format?: string; type?: string };
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  /** The content types of its success answers. */
  successTypes: string[];
}
/** Who walks: a session cookie (renewed when an operation signs it out) or an API key. */
interface Walker {
  name: string;
  headers(): Record<string, string>;
  /** Signs in again if the last operation ended the session. */
  renew(): Promise<void>;
}
/** One answer of the walk. */
interface Answer {
  walker: string;
  operation: string;
  url: string;
  status: number;
  type: string;
  /** The answer as text (a PDF's shown text). */
  text: string;
  /** Its headers (a file name, a location), as JSON. */
  headers: string;
  /** Every key of its JSON (at any depth), of its events' data, or its CSV header. */
  keys: string[];
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
}

/** The keys an answer carries, by its content type. */
function answerKeys(type: string, text: string): string[] {
  if (type.includes('json')) {
    try {
      return keysOf(JSON.parse(text));
    } catch {
      return [];
    }
  }
  if (type.includes('event-stream')) {
    return text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .flatMap((line) => keysOf(JSON.parse(line.slice(5))));
  }
  if (type.includes('csv')) return (text.split('\n')[0] ?? '').split(',');
  return [];
}

/** The operations of an OpenAPI document. */
function operationsOf(document: {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; responses: Record<string, { content?: object }> }>
  >;
}): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        successTypes: Object.entries(operation.responses)
          .filter(([status]) => status.startsWith('2'))
          .flatMap(([, response]) => Object.keys(response.content ?? {})),
      })),
  );
}

/** An operation's name with its parameters blanked: `GET /programs/{}` for outreach ones. */
function contractName(operation: Operation): string {
  return `${operation.method} ${operation.path.slice(OUTREACH_PREFIX.length - 1).replace(/\{[^}]+\}/g, '{}')}`;
}

describeEachEngine('outreach walk: roles without outreach find none of it', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let world: OutreachWorld;
  let operations: Operation[];
  const answers: Answer[] = [];
  /** The seeded referral (to a provider, under consent and agreement) and what of it must not leak. */
  let referralId: string;
  const referralSecrets: string[] = [];

  /** The seeded id a parameter's name asks for (`caseId`, `case_id`...), if any. */
  const seededId = (name: string): string | undefined => {
    const ids: Record<string, string> = {
      programid: world.programId,
      caseid: world.caseId,
      memberid: world.memberIds.worker,
      consentid: world.consentIds.disclosure,
      visitid: world.visitId,
      attemptid: world.attemptId,
      personid: world.personId,
      overdoseid: world.overdoseIds[0] as string,
      layerid: world.layerId,
      jurisdiction: world.jurisdiction.shortName,
      jurisdictionid: world.jurisdiction.id,
      referralid: referralId,
    };
    return ids[name.toLowerCase().replace(/_/g, '')];
  };

  /** The URLs an operation is called at: one per value of an enumerated path parameter. */
  const urlsOf = (operation: Operation): string[] => {
    let paths = [operation.path];
    for (const p of operation.parameters.filter((p) => p.in === 'path')) {
      const values = p.schema?.enum?.map(String) ?? [seededId(p.name) ?? randomUUID()];
      paths = paths.flatMap((path) => values.map((v) => path.replace(`{${p.name}}`, encodeURIComponent(v))));
    }
    const query = new URLSearchParams();
    for (const p of operation.parameters.filter((p) => p.in === 'query')) {
      const value =
        p.example ??
        p.schema?.example ??
        Object.values(p.examples ?? {})[0]?.value ??
        p.schema?.default ??
        seededId(p.name) ??
        (p.required ? (p.schema?.enum?.[0] ?? 'x') : undefined);
      if (value !== undefined) query.set(p.name, String(value));
    }
    const search = query.toString();
    return paths.map((path) => (search ? `${path}?${search}` : path));
  };

  /** Reads a stream of server-sent events until one event arrives after an overdose is reported. */
  const readStream = (url: string, headers: Record<string, string>) =>
    new Promise<{ status: number; type: string; text: string; headers: string }>((resolve, reject) => {
      const { port } = app.server.address() as AddressInfo;
      const request = http.get({ host: '127.0.0.1', port, path: url, headers }, (response) => {
        const type = String(response.headers['content-type'] ?? '');
        let text = '';
        let triggered = false;
        const done = () => {
          clearTimeout(guard);
          request.destroy();
          resolve({
            status: response.statusCode ?? 0,
            type,
            text,
            headers: JSON.stringify(response.headers),
          });
        };
        // A stream that never sends its event is cut, and the sanity test below says so.
        const guard = setTimeout(done, 20_000);
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (!triggered && type.includes('event-stream')) {
            triggered = true;
            const fields = {
              source_record_id: `stream-${randomUUID()}`,
              occurred_at: new Date().toISOString(),
              latitude: 41.65,
              longitude: -72.5,
              fatal: false,
            };
            void ingestReports(context.intake, cliActor, {
              jurisdiction: world.jurisdiction,
              organization: world.organization,
              channel: 'api',
              items: [{ raw: fields, fields }],
            }).catch(reject);
          }
          if (/^event: .+\ndata: .+\n\n/m.test(text)) done();
        });
        response.on('end', done);
      });
      request.on('error', reject);
    });

  /** Calls every operation as the walker and records the answers. */
  const walk = async (walker: Walker) => {
    for (const operation of operations) {
      for (const url of urlsOf(operation)) {
        const headers = { ...walker.headers(), origin: OWN_ORIGIN };
        const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method);
        let answer: { status: number; type: string; text: string; headers: string };
        if (operation.successTypes.some((t) => t.includes('event-stream'))) {
          answer = await readStream(url, headers);
        } else {
          const response = await app.inject({
            method: operation.method as 'GET',
            url,
            headers,
            ...(hasBody ? { payload: {} } : {}),
          });
          const type = String(response.headers['content-type'] ?? '');
          answer = {
            status: response.statusCode,
            type,
            text: type.includes('pdf') ? pdfText(response.rawPayload) : response.body,
            headers: JSON.stringify(response.headers),
          };
        }
        answers.push({
          walker: walker.name,
          operation: `${operation.method} ${operation.path}`,
          url,
          ...answer,
          keys: answerKeys(answer.type, answer.text),
        });
        if (hasBody) await walker.renew();
      }
    }
  };

  /** A user of a role without outreach, signed in by password (and again after a sign-out). */
  const userWalker = async (role: Role, organizationId?: string): Promise<Walker> => {
    const email = `${role}.walk@example.org`;
    await context.access.createUser(cliActor, {
      jurisdictionId: world.jurisdiction.id,
      email,
      displayName: role,
      role,
      organizationId: organizationId ?? (role === 'submitter' ? world.organization.id : null),
      password: TEST_PASSWORD,
    });
    let cookie = '';
    const signIn = async () => {
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: TEST_PASSWORD },
      });
      assert.equal(login.statusCode, 200, login.body);
      cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    };
    await signIn();
    return {
      name: role,
      headers: () => ({ cookie }),
      renew: async () => {
        const me = await app.inject({ url: '/api/v1/me', headers: { cookie } });
        if (me.statusCode === 401) await signIn();
      },
    };
  };

  /**
   * A referral of the seeded case to a provider organization, made through the API by the program's
   * coordinator under the survivor's consent and a sharing agreement, with a note for the provider.
   */
  const seedReferral = async (providerOrganizationId: string) => {
    const j = world.jurisdiction.id;
    const { serviceId } = await seedDirectoryService(context.db, j, {
      name: 'Walkway Clinic',
      providerOrganizationId,
    });
    const agreementId = await seedAgreement(context.db, j, {
      parties: [world.organization.id, providerOrganizationId],
      categories: ['referral_details'],
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: world.users.coordinator.email, password: TEST_PASSWORD },
    });
    const headers = {
      cookie: String(login.headers['set-cookie']).split(';')[0] as string,
      origin: OWN_ORIGIN,
    };
    const consent = await app.inject({
      method: 'POST',
      url: `/api/v1/outreach/cases/${world.caseId}/consents`,
      headers,
      payload: {
        scope: 'share_with_organization',
        recipient_organization_id: providerOrganizationId,
        method: 'written',
      },
    });
    assert.equal(consent.statusCode, 201, consent.body);
    const note = 'Walk note: ask for Dr. Quennell-7731';
    const referral = await app.inject({
      method: 'POST',
      url: `/api/v1/outreach/cases/${world.caseId}/referrals`,
      headers,
      payload: {
        service_id: serviceId,
        need: 'moud',
        handoff: 'warm_handoff',
        note,
        consent_id: consent.json().id,
        agreement_id: agreementId,
      },
    });
    assert.equal(referral.statusCode, 201, referral.body);
    referralId = referral.json().id;
    referralSecrets.push(referralId, note);
  };

  before(async () => {
    context = await openTestContext(engine);
    app = await buildApp(context);
    await app.listen({ port: 0, host: '127.0.0.1' });
    world = await seedOutreachWorld(context);
    const providerOrganization = randomUUID();
    const otherProviderOrganization = randomUUID();
    for (const [id, name] of [
      [providerOrganization, 'Walkway Recovery'],
      [otherProviderOrganization, 'Elsewhere Recovery'],
    ] as const) {
      await insertOrganization(context.db, {
        jurisdictionId: world.jurisdiction.id,
        id,
        name,
        type: 'other',
      });
    }
    await seedReferral(providerOrganization);
    const document = await app.inject({ url: '/api/docs/json' });
    assert.equal(document.statusCode, 200);
    operations = operationsOf(document.json());
    const { key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: world.jurisdiction.id,
      organizationId: world.organization.id,
      name: 'records system',
    });
    const walkers = [
      ...(await Promise.all(ROLES_WITHOUT_OUTREACH.map((role) => userWalker(role)))),
      { name: 'api_key', headers: () => ({ authorization: `Bearer ${key}` }), renew: async () => {} },
      // A provider's staff, of another organization than the one the referral went to.
      await userWalker('service_provider', otherProviderOrganization),
    ];
    for (const walker of walkers) await walk(walker);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  it('answers 404 NOT_FOUND to each role without outreach on every outreach operation', () => {
    const outreach = answers.filter((a) => a.operation.split(' ')[1]?.startsWith(OUTREACH_PREFIX));
    const wrong = outreach
      .filter((a) => a.status !== 404 || JSON.parse(a.text).error?.code !== 'NOT_FOUND')
      .map((a) => `${a.walker} ${a.operation} (${a.url}): ${a.status} ${a.text.slice(0, 200)}`);
    assert.deepEqual(wrong, []);
  });

  it('answers 404 NOT_FOUND on every referral and FHIR read of the seeded referral, an empty inbox to the other provider', () => {
    const receiving = answers.filter((a) =>
      RECEIVING_PREFIXES.some((prefix) => a.operation.split(' ')[1]?.startsWith(prefix)),
    );
    assert.ok(receiving.length >= 5 * 4, `${receiving.length} receiving answers`);
    // A provider may answer referrals: its empty body is refused (400) before any referral is looked
    // up, alike for every id, so that answer tells nothing of the seeded one.
    const providerMay = (a: Answer) =>
      a.walker === 'service_provider' &&
      (a.operation === 'GET /api/v1/referrals' ||
        (a.operation === 'POST /api/v1/referrals/{referralId}/status' &&
          a.status === 400 &&
          JSON.parse(a.text).error?.code === 'VALIDATION_FAILED'));
    const wrong = receiving
      .filter((a) => !providerMay(a))
      .filter((a) => a.status !== 404 || JSON.parse(a.text).error?.code !== 'NOT_FOUND')
      .map((a) => `${a.walker} ${a.operation} (${a.url}): ${a.status} ${a.text.slice(0, 200)}`);
    assert.deepEqual(wrong, []);
    const inbox = receiving.find(
      (a) => a.walker === 'service_provider' && a.operation === 'GET /api/v1/referrals',
    );
    assert.equal(inbox?.status, 200, inbox?.text);
    assert.deepEqual(JSON.parse(inbox?.text ?? '{}'), { referrals: [], next_cursor: null, total: 0 });
  });

  it('finds no seeded outreach value in any answer (body or headers) of any operation', () => {
    // A 404 echoes the address asked (as a missing route's does): the walker's own words are no leak.
    const told = (a: (typeof answers)[number]) =>
      `${a.headers}\n${a.text.replaceAll(a.url.split('?')[0] ?? '', '')}`;
    const leaks = answers.flatMap((a) =>
      [...world.secrets, ...referralSecrets]
        .filter((secret) => told(a).toLowerCase().includes(secret.toLowerCase()))
        .map((secret) => `${a.walker} ${a.operation} (${a.url}) ${a.status}: "${secret}"`),
    );
    assert.deepEqual(leaks, []);
  });

  it('finds no key naming outreach, a consent, a visit or an attempt in any answer', () => {
    const keys = answers.flatMap((a) =>
      a.keys.filter((key) => OUTREACH_KEY.test(key)).map((key) => `${a.walker} ${a.operation}: ${key}`),
    );
    assert.deepEqual([...new Set(keys)], []);
  });

  it('walks content: surveillance answers with the seeded overdoses, the live stream with an event', () => {
    const ok = (walker: string, operation: string) =>
      answers.filter((a) => a.walker === walker && a.operation === operation && a.status === 200);
    const counts = ok('public_safety_analyst', 'GET /api/v1/aggregates/counts');
    assert.equal(counts.length, 1, 'the partner counts');
    const total = (JSON.parse(counts[0]?.text as string) as { rows: { count: number }[] }).rows.reduce(
      (sum, row) => sum + row.count,
      0,
    );
    assert.ok(total >= world.overdoseIds.length, `counts total ${total}`);
    for (const walker of ['public_safety_analyst', 'harm_reduction_partner']) {
      const live = ok(walker, 'GET /api/v1/live');
      assert.match(live[0]?.text ?? '', /^event: overdoses$/m, `${walker}'s live stream`);
    }
    const publicFigures = ok('submitter', 'GET /api/public/v1/jurisdictions/{jurisdiction}/figures');
    assert.equal(publicFigures.length, 1, 'the public figures');
    for (const walker of [...ROLES_WITHOUT_OUTREACH, 'api_key']) {
      const succeeded = answers.filter((a) => a.walker === walker && a.status < 300).length;
      assert.ok(succeeded >= 5, `${walker}: ${succeeded} answers in 2xx`);
    }
  });

  it('walks at least one operation per path of the outreach contract', () => {
    const walked = new Set(
      operations.filter((o) => o.path.startsWith(OUTREACH_PREFIX)).map((o) => contractName(o)),
    );
    const missing = CONTRACT_OPERATIONS.filter((operation) => !walked.has(operation));
    assert.deepEqual(missing, [], 'outreach operations of the contract not in the OpenAPI document');
    assert.ok(
      answers.filter((a) => a.operation.includes(OUTREACH_PREFIX)).length >= CONTRACT_OPERATIONS.length * 4,
    );
  });
});
