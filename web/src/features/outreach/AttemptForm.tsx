import { type FormEvent, useCallback } from 'react';
import type { Me } from '../../shared/api-responses';
import { CheckGroup, ChoiceGroup, FieldProblem, FormFooter, momentOf } from './form-parts';
import { casePath } from './outreach-paths';
import type { CaseDetail } from './outreach-types';
import { CONTACT_METHODS, CONTACT_OUTCOMES, word } from './outreach-words';
import { draftKey, useDraft } from './useDraft';
import { type Recorded, useRecordSubmit } from './useRecordSubmit';

/** The attempt form's values (what its draft keeps). */
export interface AttemptValues {
  method: string;
  outcome: string;
  disclosure: 'generic_script' | 'disclosed';
  disclosure_consent_id: string;
  materials_left: string[];
  note: string;
  attempted_at: string;
  /** When it was first saved, if it was (a refused record reopened); empty for a new one. */
  saved_moment: string;
  cap_override_reason: string;
}

const blank = (): AttemptValues => ({
  method: 'phone',
  outcome: '',
  disclosure: 'generic_script',
  disclosure_consent_id: '',
  materials_left: [],
  note: '',
  attempted_at: '',
  saved_moment: '',
  cap_override_reason: '',
});

/** A contact attempt in a few taps: phone and the generic script by default, materials only when allowed. */
export function AttemptForm({
  me,
  detail,
  onRecorded,
}: {
  me: Me;
  detail: CaseDetail;
  onRecorded: (how: Recorded) => void;
}) {
  const [v, set, clear] = useDraft(draftKey(me.id, detail.id, 'attempt'), useCallback(blank, []));
  const { refusal, busy, submit } = useRecordSubmit(onRecorded);
  const inForce = detail.consents.filter((c) => c.in_force);
  const disclosureConsents = inForce.filter((c) => c.scope === 'disclose_to_person');
  // The guidance: nothing left behind unless the survivor was reached or agreed to a drop-off.
  const materialsOffered =
    v.outcome === 'survivor_reached' || inForce.some((c) => c.scope === 'materials_by_mail_or_drop_off');
  const capReached = detail.attempts_remaining === 0;

  const send = (event: FormEvent) => {
    event.preventDefault();
    const clientId = crypto.randomUUID();
    // Resolved now, so a record sent late keeps when it happened, and a corrected one keeps it too.
    const at = momentOf(v.attempted_at, v.saved_moment);
    const body: Record<string, unknown> = {
      client_id: clientId,
      method: v.method,
      outcome: v.outcome,
      attempted_at: at,
      disclosure: v.disclosure,
      materials_left: materialsOffered ? v.materials_left : [],
    };
    if (v.disclosure === 'disclosed' && v.disclosure_consent_id)
      body.disclosure_consent_id = v.disclosure_consent_id;
    if (v.note.trim()) body.note = v.note.trim();
    if (capReached && v.cap_override_reason.trim()) body.cap_override_reason = v.cap_override_reason.trim();
    void submit(
      {
        client_id: clientId,
        user_id: me.id,
        case_id: detail.id,
        kind: 'attempt',
        path: casePath(detail.id, 'attempts'),
        body,
        form: { ...v, saved_moment: at },
        summary: `Attempt by ${word(v.method).toLowerCase()}: ${word(v.outcome).toLowerCase()}`,
        saved_at: new Date().toISOString(),
        state: 'waiting',
        refusal: null,
        tries: 0,
        last_error: null,
      },
      clear,
    );
  };

  const unplaced =
    refusal &&
    ![
      'method',
      'outcome',
      'disclosure_consent_id',
      'materials_left',
      'cap_override_reason',
      'attempted_at',
    ].includes(refusal.field ?? '');
  return (
    <form className="record-form" aria-label="Record an attempt" onSubmit={send}>
      <h2>Record an attempt</h2>
      <ChoiceGroup
        legend="Method"
        name="method"
        options={CONTACT_METHODS}
        value={v.method}
        onChange={(method) => set({ method })}
        problem={<FieldProblem refusal={refusal} field="method" id="attempt-method-problem" />}
      />
      <ChoiceGroup
        legend="Outcome"
        name="outcome"
        options={CONTACT_OUTCOMES}
        value={v.outcome}
        onChange={(outcome) => set({ outcome })}
        problem={<FieldProblem refusal={refusal} field="outcome" id="attempt-outcome-problem" />}
      />
      <ChoiceGroup
        legend="What was said"
        name="disclosure"
        options={disclosureConsents.length > 0 ? ['generic_script', 'disclosed'] : ['generic_script']}
        value={v.disclosure}
        onChange={(disclosure) => set({ disclosure: disclosure as AttemptValues['disclosure'] })}
      />
      {v.disclosure === 'disclosed' && (
        <label>
          Disclosed to (with the survivor's consent)
          <select
            value={v.disclosure_consent_id}
            required
            onChange={(e) => set({ disclosure_consent_id: e.target.value })}
          >
            <option value="">Choose…</option>
            {disclosureConsents.map((c) => (
              <option key={c.id} value={c.id}>
                {c.recipient ?? 'Named person'}
              </option>
            ))}
          </select>
          <FieldProblem refusal={refusal} field="disclosure_consent_id" id="attempt-consent-problem" />
        </label>
      )}
      {materialsOffered && detail.program.policies.materials_allowed.length > 0 && (
        <CheckGroup
          legend="Materials left"
          options={detail.program.policies.materials_allowed}
          values={v.materials_left}
          onChange={(materials_left) => set({ materials_left })}
          problem={<FieldProblem refusal={refusal} field="materials_left" id="attempt-materials-problem" />}
        />
      )}
      <label>
        Note (optional, no details of anyone else)
        <textarea value={v.note} rows={2} maxLength={2000} onChange={(e) => set({ note: e.target.value })} />
      </label>
      <label>
        When (leave empty for {v.saved_moment ? 'the time it was first saved' : 'now'})
        <input
          type="datetime-local"
          value={v.attempted_at}
          onChange={(e) => set({ attempted_at: e.target.value })}
        />
        <FieldProblem refusal={refusal} field="attempted_at" id="attempt-when-problem" />
      </label>
      {capReached && me.role === 'outreach_coordinator' && (
        <label>
          Why go on past the cap of {detail.program.policies.attempt_cap} attempts
          <textarea
            value={v.cap_override_reason}
            rows={2}
            minLength={10}
            onChange={(e) => set({ cap_override_reason: e.target.value })}
          />
          <FieldProblem refusal={refusal} field="cap_override_reason" id="attempt-cap-problem" />
        </label>
      )}
      <FormFooter unplaced={unplaced && refusal} busy={busy} ready={!!v.outcome} label="Save attempt" />
    </form>
  );
}
