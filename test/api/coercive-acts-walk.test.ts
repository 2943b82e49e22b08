import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { cliActor, type Role } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { insertMember, insertProgram } from '../support/outreach-lifecycle-fixtures.js';
import { type OutreachWorld, seedOutreachWorld } from '../support/outreach-seed.js';
import { pdfText } from '../support/pdf-text.js';
import { OWN_ORIGIN, TEST_PASSWORD } from '../support/sign-in.js';
import { describeEachEngine, openTestContext } from '../support/test-databases.js';

/**
 * The coercive-acts register is unreachable from every outreach route and from every role but the
 * program's oversight: an act with distinctive free text is recorded, then every operation of the
 * OpenAPI document (a route added later included) is called as every role and API key scope. No answer
 * holds the act's words or id, except the register's own list to oversight of the act's program.
 */

/** The act's distinctive words (none occurs anywhere else in SOS). */
const ACT = {
  performedBy: 'Sergeant Xyloquist, Harbor Police',
  justification: 'XQ-JUSTIFICATION imminent danger to the survivor',
  policyReference: 'XQ-POLICY-17 exceptional acts directive',
};

/** The register's list operation: the only one that may answer the act, and only to its oversight. */
const REGISTER_LIST = 'GET /api/v1/coercive-acts';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { default?: unknown; example?: unknown; enum?: unknown[] };
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  streams: boolean;
}
interface Walker {
  name: string;
  headers(): Record<string, string>;
  renew(): Promise<void>;
}
interface Answer {
  walker: string;
  operation: string;
  url: string;
  status: number;
  text: string;
}

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
        streams: Object.entries(operation.responses).some(
          ([status, r]) =>
            status.startsWith('2') && Object.keys(r.content ?? {}).some((t) => t.includes('event-stream')),
        ),
      })),
  );
}

describeEachEngine('coercive-acts walk: the register reaches only its program oversight', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let world: OutreachWorld;
  let actId: string;
  const answers: Answer[] = [];

  const seededId = (name: string): string | undefined =>
    ({
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
    })[name.toLowerCase().replace(/_/g, '')];

  const urlsOf = (operation: Operation): string[] => {
    let paths = [operation.path];
    for (const p of operation.parameters.filter((p) => p.in === 'path')) {
      const values = p.schema?.enum?.map(String) ?? [seededId(p.name) ?? randomUUID()];
      paths = paths.flatMap((path) => values.map((v) => path.replace(`{${p.name}}`, encodeURIComponent(v))));
    }
    const query = new URLSearchParams();
    for (const p of operation.parameters.filter((p) => p.in === 'query')) {
      const value =
        seededId(p.name) ??
        p.schema?.example ??
        p.schema?.default ??
        (p.required ? (p.schema?.enum?.[0] ?? 'x') : undefined);
      if (value !== undefined) query.set(p.name, String(value));
    }
    const search = query.toString();
    return paths.map((path) => (search ? `${path}?${search}` : path));
  };

  /** The first chunk of an event stream (or what came before the stream was cut). */
  const readStream = (url: string, headers: Record<string, string>) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const { port } = app.server.address() as AddressInfo;
      const request = http.get({ host: '127.0.0.1', port, path: url, headers }, (response) => {
        let text = '';
        const done = () => {
          clearTimeout(guard);
          request.destroy();
          resolve({ status: response.statusCode ?? 0, text });
        };
        const guard = setTimeout(done, 2_000);
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          done();
        });
        response.on('end', done);
      });
      request.on('error', reject);
    });

  const walk = async (walker: Walker, operations: Operation[]) => {
    for (const operation of operations) {
      for (const url of urlsOf(operation)) {
        const headers = { ...walker.headers(), origin: OWN_ORIGIN };
        const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method);
        let answer: { status: number; text: string };
        if (operation.streams) {
          answer = await readStream(url, headers);
        } else {
          const response = await app.inject({
            method: operation.method as 'GET',
            url,
            headers,
            ...(hasBody ? { payload: {} } : {}),
          });
          const type = String(response.headers['content-type'] ?? '');
          const body = type.includes('pdf') ? pdfText(response.rawPayload) : response.body;
          answer = { status: response.statusCode, text: `${JSON.stringify(response.headers)}\n${body}` };
        }
        answers.push({
          walker: walker.name,
          operation: `${operation.method} ${operation.path}`,
          url,
          ...answer,
        });
        if (hasBody) await walker.renew();
      }
    }
  };

  /** Creates a user of the role and signs her in (again, after an operation signed her out). */
  const userWalker = async (name: string, role: Role, programId?: string): Promise<Walker> => {
    const email = `${name}.xq@example.org`;
    const { id } = await context.access.createUser(cliActor, {
      jurisdictionId: world.jurisdiction.id,
      email,
      displayName: name,
      role,
      organizationId: ['submitter', 'service_provider'].includes(role) ? world.organization.id : null,
      password: TEST_PASSWORD,
    });
    if (programId) await insertMember(context.db, world.jurisdiction.id, programId, id);
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
      name,
      headers: () => ({ cookie }),
      renew: async () => {
        const me = await app.inject({ url: '/api/v1/me', headers: { cookie } });
        if (me.statusCode === 401) await signIn();
      },
    };
  };

  const keyWalker = async (name: string, scopes: string[]): Promise<Walker> => {
    const { id, key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: world.jurisdiction.id,
      organizationId: world.organization.id,
      name,
    });
    await context.db.query('update api_keys set scopes = $3 where jurisdiction_id = $1 and id = $2', [
      world.jurisdiction.id,
      id,
      scopes,
    ]);
    return { name, headers: () => ({ authorization: `Bearer ${key}` }), renew: async () => {} };
  };

  before(async () => {
    context = await openTestContext(engine);
    app = await buildApp(context);
    await app.listen({ port: 0, host: '127.0.0.1' });
    world = await seedOutreachWorld(context);
    const otherProgram = await insertProgram(context.db, world.jurisdiction.id, { name: 'Other program' });
    const walkers = [
      await userWalker('administrator', 'administrator'),
      await userWalker('analyst', 'analyst'),
      await userWalker('coordinator', 'outreach_coordinator', world.programId),
      await userWalker('worker', 'outreach_worker', world.programId),
      await userWalker('public_safety', 'public_safety_analyst'),
      await userWalker('harm_reduction', 'harm_reduction_partner'),
      await userWalker('submitter', 'submitter'),
      await userWalker('service_provider', 'service_provider'),
      await userWalker('other_oversight', 'outreach_oversight', otherProgram),
      await userWalker('oversight', 'outreach_oversight', world.programId),
      await keyWalker('api_key_submit', ['submit']),
      await keyWalker('api_key_referrals', ['referrals']),
    ];
    const coordinator = walkers[2] as Walker;
    const recorded = await app.inject({
      method: 'POST',
      url: '/api/v1/coercive-acts',
      headers: { ...coordinator.headers(), origin: OWN_ORIGIN },
      payload: {
        program_id: world.programId,
        kind: 'involuntary_commitment_petition',
        performed_at: new Date(context.clock.now().getTime() - 3_600_000).toISOString(),
        performed_by: ACT.performedBy,
        justification: ACT.justification,
        policy_reference: ACT.policyReference,
      },
    });
    assert.equal(recorded.statusCode, 201, recorded.body);
    actId = recorded.json().id;
    const document = await app.inject({ url: '/api/docs/json' });
    assert.equal(document.statusCode, 200);
    const operations = operationsOf(document.json());
    for (const walker of walkers) await walk(walker, operations);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  // The act's id too: the register never feeds another answer (its own recording aside, made above).
  const secrets = () => [actId, ...Object.values(ACT), 'Xyloquist', 'XQ-'];
  const holdsAct = (a: Answer) =>
    secrets().some((s) =>
      a.text
        .replaceAll(a.url.split('?')[0] ?? '', '')
        .toLowerCase()
        .includes(s.toLowerCase()),
    );

  it('finds the act in no answer of any operation to any role, but the register list to its oversight', () => {
    const leaks = answers
      .filter((a) => holdsAct(a))
      .filter((a) => !(a.walker === 'oversight' && a.operation === REGISTER_LIST))
      .map((a) => `${a.walker} ${a.operation} (${a.url}) ${a.status}`);
    assert.deepEqual(leaks, []);
  });

  it('lists the act to oversight of its program, and refuses the list to every other role and key', () => {
    const lists = answers.filter((a) => a.operation === REGISTER_LIST);
    const byWalker = Object.fromEntries(lists.map((a) => [a.walker, a.status]));
    assert.equal(byWalker.oversight, 200);
    assert.ok(holdsAct(lists.find((a) => a.walker === 'oversight') as Answer));
    const others = lists.filter((a) => a.walker !== 'oversight');
    assert.equal(others.length, 11);
    assert.deepEqual(
      others.filter((a) => a.status < 400).map((a) => `${a.walker}: ${a.status}`),
      [],
    );
  });

  it('walked the outreach routes as the roles that reach them (so their answers were read)', () => {
    const outreachOk = answers.filter(
      (a) => a.operation.includes(' /api/v1/outreach/') && a.status === 200 && a.walker === 'coordinator',
    );
    assert.ok(outreachOk.length >= 5, `${outreachOk.length} outreach answers in 200 to the coordinator`);
    const caseRead = answers.find(
      (a) => a.walker === 'coordinator' && a.operation === 'GET /api/v1/outreach/cases/{caseId}',
    );
    assert.equal(caseRead?.status, 200);
  });
});
