import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import type { AppContext } from '../main/app-context.js';
import { problem } from '../platform/errors.js';
import type { IntakeAdapter, SourceItem } from './adapters/intake-adapter.js';
import { type PositionedResult, runIntake } from './intake-pipeline.js';
import { reportKeys } from './report-fields.js';

/**
 * A source of another shape than JSON or CSV, as a standards feed would be: records of its own with
 * their own ids, mapped to report fields, and a part it cannot read.
 */
type Case = { caseNumber: string; dateOfDeath: string; lat: number; lon: number } | 'garbled';
const examinerAdapter = (delivery: 'request' | 'file'): IntakeAdapter<readonly Case[]> => ({
  name: 'test-examiner',
  reads: 'a list of medical examiner cases (test)',
  channel: 'api',
  knownKeys: reportKeys,
  delivery,
  *read(cases): Iterable<SourceItem> {
    for (const [index, c] of cases.entries()) {
      const position = { kind: 'index', index } as const;
      if (c === 'garbled') {
        yield {
          kind: 'unreadable',
          position,
          values: { case: 'garbled' },
          problems: [problem('(row)', 'INVALID_TYPE')],
        };
        continue;
      }
      const fields = {
        source_record_id: c.caseNumber,
        occurred_at: c.dateOfDeath,
        latitude: c.lat,
        longitude: c.lon,
        fatal: true,
        source_type: 'medical_examiner',
      };
      yield { kind: 'record', position, record: { raw: fields, fields } };
    }
  },
});

describeEachEngine('the intake pipeline', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  before(async () => {
    context = await openTestContext(engine);
  });
  after(() => context.dispose());

  const run = async (delivery: 'request' | 'file', cases: Case[], batchSize?: number) => {
    const seeded = await seedJurisdiction(context.db);
    const answers: PositionedResult[][] = [];
    const unreadable: SourceItem[] = [];
    await runIntake(context.intake, cliActor, {
      ...seeded,
      adapter: examinerAdapter(delivery),
      source: cases,
      ...(batchSize ? { batchSize } : {}),
      onUnreadable: (item) => {
        unreadable.push(item);
      },
      onWritten: (batch) => {
        answers.push(batch);
      },
    });
    const [stored] = await context.db.query<{ reports: number; overdoses: number }>(
      `select (select count(*)::int from reports where jurisdiction_id = $1) as reports,
         (select count(*)::int from overdoses where jurisdiction_id = $1) as overdoses`,
      [seeded.jurisdiction.id],
    );
    return { answers, unreadable, stored };
  };
  const at = (caseNumber: string, day: string, lon = -72.9): Case => ({
    caseNumber,
    dateOfDeath: day,
    lat: 41.3,
    lon,
  });

  it('answers every record of any adapter with where it was, and passes on what it could not read', async () => {
    const { answers, unreadable, stored } = await run('file', [
      at('me-1', '2024-03-01'),
      'garbled',
      at('me-2', '2030-01-01'),
      at('me-3', '2024-03-03'),
    ]);
    assert.deepEqual(
      answers.flat().map((a) => [a.item.position, a.result.status, a.result.sourceRecordId]),
      [
        [{ kind: 'index', index: 0 }, 'accepted', 'me-1'],
        [{ kind: 'index', index: 2 }, 'rejected', 'me-2'],
        [{ kind: 'index', index: 3 }, 'accepted', 'me-3'],
      ],
    );
    assert.deepEqual(
      unreadable.map((u) => u.position),
      [{ kind: 'index', index: 1 }],
    );
    assert.deepEqual(stored, { reports: 2, overdoses: 2 });
  });

  it('applies a file in order: a record id seen again cuts the batch and corrects the earlier record', async () => {
    const { answers, stored } = await run(
      'file',
      [
        at('me-1', '2024-03-01'),
        at('me-2', '2024-03-02'),
        at('me-1', '2024-03-01', -72.8),
        at('me-3', '2024-03-03'),
      ],
      3,
    );
    assert.deepEqual(
      answers.map((batch) => batch.map((a) => [a.result.sourceRecordId, a.result.status, a.result.version])),
      [
        [
          ['me-1', 'accepted', 1],
          ['me-2', 'accepted', 1],
        ],
        [
          ['me-1', 'accepted', 2],
          ['me-3', 'accepted', 1],
        ],
      ],
    );
    assert.deepEqual(stored, { reports: 4, overdoses: 3 });
  });

  it('takes a request whole in one transaction, where a repeated record id is rejected', async () => {
    const { answers, stored } = await run(
      'request',
      [at('me-1', '2024-03-01'), at('me-1', '2024-03-01', -72.8)],
      1,
    );
    assert.deepEqual(
      answers.map((batch) => batch.map((a) => [a.result.status, a.result.problems.map((p) => p.code)])),
      [
        [
          ['accepted', []],
          ['rejected', ['DUPLICATE_IN_BATCH']],
        ],
      ],
    );
    assert.deepEqual(stored, { reports: 1, overdoses: 1 });
  });
});
