import { type FormEvent, useState } from 'react';
import { ApiError, api, type JsonResponse } from '../../shared/api';
import { casePath, OUTREACH_API } from './outreach-paths';
import { word } from './outreach-words';
import { useRead } from './useRead';

type Household = JsonResponse<'/api/v1/outreach/cases/{caseId}/household'>;
type Schools = JsonResponse<'/api/v1/outreach/schools'>;

/** Who a household member is to the survivor (the server's vocabulary). */
const RELATIONS = ['child', 'partner', 'parent', 'sibling', 'other_relative', 'friend', 'other'] as const;

const blank = { relation: 'child', age: '', caregiver: '', first: '', last: '', born: '', school: '' };

/**
 * The survivor's household on the case page: who lives there, children's ages and caregivers, and for a
 * child named with a school, a Handle with Care notice to the school (the child's name, birth date and
 * school only). The child's name is sealed: this page never shows it back.
 */
export function HouseholdSection({ caseId, open }: { caseId: string; open: boolean }) {
  const [version, setVersion] = useState(0);
  const household = useRead<Household>(`${casePath(caseId)}/household?purpose=treatment`, version);
  const schools = useRead<Schools>(open ? `${OUTREACH_API}/schools` : null);
  const [v, setV] = useState(blank);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof blank) => (e: { target: { value: string } }) =>
    setV((old) => ({ ...old, [field]: e.target.value }));
  const naming = v.relation === 'child' && (v.first || v.last || v.born || v.school);

  const run = async (what: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(await what());
      setVersion((x) => x + 1);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, unknown> = { relation: v.relation };
    if (v.age) body.age_years = Number(v.age);
    if (v.caregiver.trim()) body.caregiver = v.caregiver.trim();
    if (naming) {
      body.child = { first_name: v.first, last_name: v.last, birth_date: v.born, school_id: v.school };
    }
    void run(async () => {
      await api(`${casePath(caseId)}/household`, { method: 'POST', body: JSON.stringify(body) });
      setV(blank);
      return 'Household member saved.';
    });
  };
  const notify = (memberId: string) =>
    run(async () => {
      const notice = await api<{ school: { name: string }; due_by: string }>(
        `${casePath(caseId)}/handle-with-care`,
        { method: 'POST', body: JSON.stringify({ household_member_id: memberId }) },
      );
      return `Handle with Care notice to ${notice.school.name}, due ${new Date(notice.due_by).toLocaleString()}.`;
    });

  const members = household.data?.household ?? [];
  return (
    <section className="household" aria-labelledby="household-title">
      <h2 id="household-title">Household</h2>
      {household.error && <p role="alert">{household.error}</p>}
      {members.length === 0 ? (
        <p className="muted">No household member recorded.</p>
      ) : (
        <ul className="history">
          {members.map((m) => (
            <li key={m.id}>
              {word(m.relation)}
              {m.age_years !== null ? `, ${m.age_years} years` : ''}
              {m.caregiver ? ` · cared for by ${m.caregiver}` : ''}
              {m.school ? ` · ${m.school.name}` : ''}
              {open && m.child_named && m.school && (
                <button type="button" disabled={busy} onClick={() => void notify(m.id)}>
                  Send Handle with Care
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      {open && (
        <form onSubmit={add} aria-label="Add a household member">
          <label>
            Relation
            <select value={v.relation} onChange={set('relation')}>
              {RELATIONS.map((r) => (
                <option key={r} value={r}>
                  {word(r)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Age (years)
            <input type="number" min={0} max={120} inputMode="numeric" value={v.age} onChange={set('age')} />
          </label>
          <label>
            Who cares for them
            <input value={v.caregiver} onChange={set('caregiver')} maxLength={500} />
          </label>
          {v.relation === 'child' && (
            <fieldset>
              <legend>For Handle with Care (optional; sealed, sent only to the school)</legend>
              <label>
                First name
                <input value={v.first} onChange={set('first')} required={Boolean(naming)} />
              </label>
              <label>
                Last name
                <input value={v.last} onChange={set('last')} required={Boolean(naming)} />
              </label>
              <label>
                Birth date
                <input type="date" value={v.born} onChange={set('born')} required={Boolean(naming)} />
              </label>
              <label>
                School
                <select value={v.school} onChange={set('school')} required={Boolean(naming)}>
                  <option value="">—</option>
                  {(schools.data?.schools ?? [])
                    .filter((s) => s.active)
                    .map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                </select>
              </label>
            </fieldset>
          )}
          <button type="submit" disabled={busy}>
            Add to household
          </button>
        </form>
      )}
    </section>
  );
}
