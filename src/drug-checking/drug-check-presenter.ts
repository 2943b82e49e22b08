import { z } from 'zod';
import type { DrugCheckAnswer, DrugCheckBatchAnswer } from './drug-check-intake-service.js';
import type { DrugCheckSignal } from './drug-check-signals.js';
import type { AreaWeekCount, DrugCheckChoices } from './drug-check-summary-service.js';

const day = z.string().describe('YYYY-MM-DD');

/** One problem with one field of a result. */
const problemSchema = z
  .object({
    field: z.string(),
    code: z.string().describe('A stable code of the problem catalog'),
    message: z.string(),
    severity: z.enum(['reject', 'flag']).describe('reject: the result was quarantined; flag: kept'),
  })
  .strict();

const counts = {
  accepted: z.number().int(),
  duplicate: z.number().int().describe('Sent before with the same source_id and content'),
  updated: z.number().int().describe('Sent before with the same source_id: the stored result was changed'),
  rejected: z.number().int(),
};

/** POST /api/v1/drug-checks: each result answered in the request's order. */
export const submissionAnswerSchema = z
  .object({
    ...counts,
    results: z.array(
      z
        .object({
          index: z.number().int().describe("The result's place in the request (0-based)"),
          source_id: z.string().nullable(),
          status: z.enum(['accepted', 'duplicate', 'updated', 'rejected']),
          id: z.string().nullable(),
          problems: z.array(problemSchema),
        })
        .strict(),
    ),
  })
  .strict();

/** A problem of a row of a file, named by file, row, line and field. */
const rowProblemSchema = z
  .object({
    file: z.string(),
    row: z.number().int().describe('1-based data row (the header is not counted)'),
    line: z.number().int().describe('1-based line of the file where the row starts'),
    source_id: z.string().nullable(),
    field: z.string(),
    code: z.string(),
    message: z.string(),
  })
  .strict();

/** POST /api/v1/drug-checks/import: the counts, the quarantined rows' problems and the kept rows' flags. */
export const importAnswerSchema = z
  .object({
    file: z.string(),
    rows: z.number().int(),
    ...counts,
    quarantined: z.array(rowProblemSchema).describe('Every problem of every quarantined row'),
    flagged: z.array(rowProblemSchema).describe('Problems of kept rows (unknown substance names)'),
    quarantined_csv: z
      .string()
      .describe(
        "The quarantined rows as read, under the file's header, to correct and send again ('' when none)",
      ),
  })
  .strict();

/** One signal as it leaves, with its area's name. */
export const signalSchema = z
  .object({
    id: z.string(),
    layer_id: z.string(),
    area_id: z.string(),
    area_name: z.string(),
    week_start: day,
    substance: z.string(),
    first_seen_in_area: z.boolean().describe('Not found in the area in the 26 weeks before'),
    results: z.number().int().describe('Results of the area and week that held the substance'),
  })
  .strict();

/** GET /api/v1/drug-checks/weekly: counts by week and area. */
export const weeklyAnswerSchema = z
  .object({
    layer_id: z.string().nullable(),
    weeks: z.array(
      z
        .object({
          week_start: day,
          area_id: z.string(),
          area_name: z.string(),
          results: z.number().int(),
          drug_checks: z.number().int(),
          seizures: z.number().int(),
          substances: z.array(z.object({ substance: z.string(), results: z.number().int() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();

/** GET /api/v1/drug-checks/choices. */
export const choicesAnswerSchema = z
  .object({
    may_read: z.boolean(),
    may_submit: z.boolean(),
    substances: z.array(z.object({ code: z.string(), label: z.string() }).strict()),
    kinds: z.array(z.string()),
    methods: z.array(z.object({ kind: z.string(), methods: z.array(z.string()) }).strict()),
    layers: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          areas: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
        })
        .strict(),
    ),
    organizations: z.array(z.object({ id: z.string(), name: z.string() }).strict()),
    today: z.string().describe("Today in the jurisdiction's time zone (YYYY-MM-DD)"),
  })
  .strict();

function presentProblems(answer: DrugCheckAnswer) {
  return answer.problems.map((p) => ({
    field: p.field,
    code: p.code,
    message: p.message,
    severity: p.severity,
  }));
}

/** A request's answer: counts and each result. */
export function presentSubmission(batch: DrugCheckBatchAnswer): z.infer<typeof submissionAnswerSchema> {
  return {
    ...batch.counts,
    results: batch.answers.map((a) => ({
      index: a.index,
      source_id: a.sourceId,
      status: a.status,
      id: a.id,
      problems: presentProblems(a),
    })),
  };
}

/** A file's answer: counts, and the problems of its rows by file, row, line and field. */
export function presentImport(file: string, batch: DrugCheckBatchAnswer): z.infer<typeof importAnswerSchema> {
  const rowsOf = (keep: (a: DrugCheckAnswer, severity: 'reject' | 'flag') => boolean) =>
    batch.answers.flatMap((a) =>
      a.problems
        .filter((p) => keep(a, p.severity))
        .map((p) => ({
          file,
          row: a.row ?? a.index + 1,
          line: a.line ?? a.index + 2,
          source_id: a.sourceId,
          field: p.field,
          code: p.code,
          message: p.message,
        })),
    );
  return {
    file,
    rows: batch.answers.length,
    ...batch.counts,
    quarantined: rowsOf((a) => a.status === 'rejected'),
    flagged: rowsOf((a, severity) => a.status !== 'rejected' && severity === 'flag'),
    quarantined_csv: batch.quarantinedCsv ?? '',
  };
}

/** A signal with its area's name (the id when the layer no longer names it). */
export function presentSignal(
  signal: DrugCheckSignal,
  areaName: string | undefined,
): z.infer<typeof signalSchema> {
  return { ...signal, area_name: areaName ?? signal.area_id };
}

/** The counts of a layer by week and area. */
export function presentWeekly(
  layerId: string | null,
  weeks: readonly AreaWeekCount[],
): z.infer<typeof weeklyAnswerSchema> {
  return {
    layer_id: layerId,
    weeks: weeks.map((w) => ({
      week_start: w.weekStart,
      area_id: w.areaId,
      area_name: w.areaName,
      results: w.byKind.drug_check + w.byKind.seizure,
      drug_checks: w.byKind.drug_check,
      seizures: w.byKind.seizure,
      substances: w.substances,
    })),
  };
}

/** The choices in the API's names. */
export function presentChoices(c: DrugCheckChoices): z.infer<typeof choicesAnswerSchema> {
  return {
    may_read: c.mayRead,
    may_submit: c.maySubmit,
    substances: c.substances,
    kinds: [...c.kinds],
    methods: c.methods.map((m) => ({ kind: m.kind, methods: [...m.methods] })),
    layers: c.layers,
    organizations: c.organizations,
    today: c.today,
  };
}
