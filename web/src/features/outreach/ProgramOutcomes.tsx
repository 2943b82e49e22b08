import { useState } from 'react';
import { OUTREACH_API } from './outreach-paths';
import type { ProgramOutcomes as Outcomes } from './outreach-types';
import { word } from './outreach-words';
import { useRead } from './useRead';

/** One published count: a number, or hidden by the disclosure module. */
type Cell = Outcomes['cases'];
type Dimension = keyof Outcomes['breakdowns'];

const DIMENSIONS: readonly [Dimension, string][] = [
  ['race', 'Race'],
  ['ethnicity', 'Ethnicity'],
  ['sex', 'Sex'],
  ['age_group', 'Age group'],
  ['team_composition', 'Team composition'],
  ['pathway', 'Pathway'],
];

/** A count as shown: "<10" when suppressed (k from the answer). */
function shown(cell: Cell, k: number): string {
  return cell.suppressed || cell.value === null ? `<${k}` : String(cell.value);
}

/** "12 of 40", or only the count when there is no denominator. */
function countOf(cell: Cell, of: Cell | null, k: number): string {
  return of ? `${shown(cell, k)} of ${shown(of, k)}` : shown(cell, k);
}

/** A group's name: an age range "25_34" reads "25–34". */
function groupName(code: string): string {
  return /^\d+_\d+$/.test(code) ? code.replace('_', '–') : word(code);
}

function hours(value: number | null): string {
  return value === null ? '–' : `${value} h`;
}

/**
 * The program's outcomes (the funnel) in the coordinator's view: counts with their denominators, a
 * suppressed count shown as "<10" (the disclosure module hid it, or a count that would give it away),
 * and the funder files (CSV, one-page PDF) for the same period.
 */
export function ProgramOutcomes({ programId }: { programId: string }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [dimension, setDimension] = useState<Dimension>('race');
  const query = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
  const base = `${OUTREACH_API}/programs/${programId}/outcomes`;
  const suffix = query ? `?${query}` : '';
  const outcomes = useRead<Outcomes>(`${base}${suffix}`);
  const o = outcomes.data;
  return (
    <section aria-labelledby="outcomes-title" className="program-outcomes">
      <h2 id="outcomes-title">Outcomes</h2>
      <div className="filters outcomes-period">
        <label className="inline">
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="inline">
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <a className="outcomes-download" href={`${base}.csv${suffix}`} download>
          Download CSV
        </a>
        <a className="outcomes-download" href={`${base}.pdf${suffix}`} download>
          Download PDF
        </a>
      </div>
      {outcomes.error && <p role="alert">{outcomes.error}</p>}
      {!o && !outcomes.error && <p className="loading">Loading…</p>}
      {o && (
        <>
          <p className="hint">
            Cases whose response clock started {o.from} to {o.to}. Counts under {o.k} are shown as “&lt;{o.k}
            ”, and so are the counts that would give them away ({o.suppressed_cells} suppressed).
          </p>
          <table className="outcomes-funnel">
            <caption>The funnel</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Count</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['Eligible overdoses', o.eligible_overdoses, null],
                  ['Cases', o.cases, null],
                  ['Cases attempted', o.attempted, o.cases],
                  ['People attempted', o.people_attempted, null],
                  ['Reached', o.reached, o.cases],
                  ['Engaged', o.engaged.total, o.cases],
                  ['Engaged directly', o.engaged.directly, o.engaged.total],
                  ['Engaged through their network', o.engaged.through_network, o.engaged.total],
                  ['Refused', o.refused, o.cases],
                ] as const
              ).map(([label, cell, of]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{countOf(cell, of, o.k)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Hours from the overdose</caption>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Median</th>
                <th scope="col">90th percentile</th>
                <th scope="col">Within 72 h</th>
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['First attempt', o.hours_to_first_attempt],
                  ['First contact', o.hours_to_first_contact],
                ] as const
              ).map(([label, h]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{hours(h.median)}</td>
                  <td>{hours(h.p90)}</td>
                  <td>{countOf(h.within_72h.count, h.within_72h.of, o.k)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Repeat overdose</caption>
            <thead>
              <tr>
                <th scope="col">Within</th>
                <th scope="col">Engaged</th>
                <th scope="col">Not engaged</th>
              </tr>
            </thead>
            <tbody>
              {o.repeat_overdose.map((r) => (
                <tr key={r.days}>
                  <th scope="row">{r.days} days</th>
                  <td>{countOf(r.engaged.repeats, r.engaged.of, o.k)}</td>
                  <td>{countOf(r.not_engaged.repeats, r.not_engaged.of, o.k)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Services delivered and referrals</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Cases served</th>
                <th scope="col">Referrals attended</th>
              </tr>
            </thead>
            <tbody>
              {o.services_delivered.map((s) => {
                const referral = o.referrals.find((r) => r.need === s.service);
                return (
                  <tr key={s.service}>
                    <th scope="row">{word(s.service)}</th>
                    <td>{shown(s.cases, o.k)}</td>
                    <td>{referral ? countOf(referral.attended, referral.made, o.k) : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <table className="outcomes-referrals">
            <caption>Referrals by need</caption>
            <thead>
              <tr>
                <th scope="col">Need</th>
                <th scope="col">Made</th>
                <th scope="col">Attended</th>
              </tr>
            </thead>
            <tbody>
              {o.referrals.length === 0 && (
                <tr>
                  <td colSpan={3}>No referrals from the cases of this period.</td>
                </tr>
              )}
              {o.referrals.map((r) => (
                <tr key={r.need}>
                  <th scope="row">{word(r.need)}</th>
                  <td>{shown(r.made, o.k)}</td>
                  <td>{countOf(r.attended, r.made, o.k)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="inline">
            Breakdown
            <select value={dimension} onChange={(e) => setDimension(e.target.value as Dimension)}>
              {DIMENSIONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <table className="outcomes-breakdown">
            <caption>By {DIMENSIONS.find(([d]) => d === dimension)?.[1].toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Cases</th>
                <th scope="col">Reached</th>
                <th scope="col">Engaged</th>
                <th scope="col">Refused</th>
              </tr>
            </thead>
            <tbody>
              {o.breakdowns[dimension].map((g) => (
                <tr key={g.group}>
                  <th scope="row">{groupName(g.group)}</th>
                  <td>{shown(g.cases, o.k)}</td>
                  <td>{countOf(g.reached, g.cases, o.k)}</td>
                  <td>{countOf(g.engaged, g.cases, o.k)}</td>
                  <td>{countOf(g.refused, g.cases, o.k)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            Coercive acts:{' '}
            {o.coercive_acts
              ? `${shown(o.coercive_acts.warrant_check, o.k)} warrant checks, ${shown(o.coercive_acts.arrest, o.k)} arrests, ${shown(o.coercive_acts.involuntary_commitment_petition, o.k)} commitment petitions`
              : 'not counted (the register is not connected)'}
          </p>
        </>
      )}
    </section>
  );
}
