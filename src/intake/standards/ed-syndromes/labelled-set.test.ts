import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCsv } from '../../../../test/support/reference-csv.js';
import { classifyVisit } from './classify-visit.js';
import { type EdDefinitionId, edDefinitionIds } from './ed-syndromes.v1.js';

/** One hand-labelled chief complaint (test/fixtures/ed-chief-complaints/README.md). */
interface Labelled {
  id: string;
  half: 'tune' | 'holdout';
  labels: Set<EdDefinitionId>;
  trap: string;
  codes: string[];
  complaint: string;
}

function readSet(): Labelled[] {
  const [header, ...rows] = parseCsv(
    readFileSync(path.resolve('test/fixtures/ed-chief-complaints/labelled.csv'), 'utf8'),
  );
  const at = (name: string) => (header as string[]).indexOf(name);
  return rows
    .filter((r) => r.length > 1)
    .map((r) => ({
      id: r[at('id')] as string,
      half: r[at('half')] as 'tune' | 'holdout',
      labels: new Set(edDefinitionIds.filter((id) => r[at(id)] === '1')),
      trap: r[at('trap')] as string,
      codes: (r[at('diagnosis_codes')] as string).split(/\s+/).filter(Boolean),
      complaint: r[at('chief_complaint')] as string,
    }));
}

/** Counts per definition over a set of visits, from the confusion cells (TP, FP, FN, TN). */
function confusion(set: readonly Labelled[], predicted: ReadonlyMap<string, readonly EdDefinitionId[]>) {
  return edDefinitionIds.map((id) => {
    const cells = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const visit of set) {
      const said = predicted.get(visit.id)?.includes(id) ?? false;
      const truth = visit.labels.has(id);
      if (said && truth) cells.tp++;
      else if (said) cells.fp++;
      else if (truth) cells.fn++;
      else cells.tn++;
    }
    return { id, ...cells };
  });
}

describe('ED syndromes on the hand-labelled chief complaints', () => {
  const set = readSet();
  const predicted = new Map(
    set.map((v) => [
      v.id,
      classifyVisit({ chiefComplaint: v.complaint || null, diagnosisCodes: v.codes }).definitions,
    ]),
  );

  it('holds at least 400 visits, 100 of them traps, each labelled consistently', () => {
    assert.ok(set.length >= 400, `${set.length} visits`);
    assert.ok(set.filter((v) => v.trap !== '').length >= 100);
    for (const v of set) {
      // A narrower syndrome implies the broader ones: the labels must say so too.
      if (v.labels.has('heroin') || v.labels.has('fentanyl')) assert.ok(v.labels.has('opioid'), v.id);
      if (v.labels.size > 0) assert.ok(v.labels.has('all_drug'), v.id);
      if (v.trap !== '' && v.trap !== 'codes') assert.equal(v.labels.size, 0, `${v.id} is a trap`);
    }
  });

  it('prints precision and recall per definition for each half, and all drug and opioid reach 0.95', () => {
    const lines: string[] = [];
    const overall = confusion(set, predicted);
    for (const [name, part] of [
      ['tune', set.filter((v) => v.half === 'tune')],
      ['holdout', set.filter((v) => v.half === 'holdout')],
      ['all', set],
    ] as const) {
      for (const c of confusion(part, predicted)) {
        const precision = c.tp / (c.tp + c.fp);
        const recall = c.tp / (c.tp + c.fn);
        lines.push(
          `${name.padEnd(7)} ${c.id.padEnd(9)} n=${part.length} tp=${c.tp} fp=${c.fp} fn=${c.fn} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}`,
        );
      }
    }
    console.log(lines.join('\n'));
    if (process.env.ED_SHOW_ERRORS === 'tune') {
      for (const v of set.filter((x) => x.half === 'tune')) {
        const said = predicted.get(v.id) ?? [];
        if (said.join() !== edDefinitionIds.filter((id) => v.labels.has(id)).join())
          console.log(
            `${v.id} said [${said}] labelled [${[...v.labels]}]: ${v.codes.join(' ')} | ${v.complaint}`,
          );
      }
    }
    // The cells partition the set: each visit is counted once per definition.
    for (const c of overall) assert.equal(c.tp + c.fp + c.fn + c.tn, set.length);
    for (const id of ['all_drug', 'opioid'] as const) {
      const c = overall.find((x) => x.id === id) as (typeof overall)[number];
      assert.ok(c.tp / (c.tp + c.fp) >= 0.95, `${id} precision ${c.tp}/${c.tp + c.fp}`);
      assert.ok(c.tp / (c.tp + c.fn) >= 0.95, `${id} recall ${c.tp}/${c.tp + c.fn}`);
    }
  });
});
