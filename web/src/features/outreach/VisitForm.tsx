import { type FormEvent, useCallback } from 'react';
import type { Me } from '../../shared/api-responses';
import { CheckGroup, ChoiceGroup, FieldProblem, FormFooter, momentOf } from './form-parts';
import { casePath } from './outreach-paths';
import type { CaseDetail, Program } from './outreach-types';
import { NETWORK_RECEIVED, OFFICER_DRESS, SERVICES, VISIT_LOCATIONS, word } from './outreach-words';
import { draftKey, useDraft } from './useDraft';
import { type Recorded, useRecordSubmit } from './useRecordSubmit';

/** A family or social-network member reached with the survivor's consent, as typed. */
interface NetworkValues {
  consent_id: string;
  relation: string;
  received: string[];
}

/** The visit form's values (what its draft keeps). */
export interface VisitValues {
  location_type: string;
  present_member_ids: string[];
  law_enforcement: 'no' | 'yes';
  dress: string;
  services_offered: string[];
  services_accepted: string[];
  risk_reduction_plan: string;
  network: NetworkValues[];
  visited_at: string;
  /** When it was first saved, if it was (a refused record reopened); empty for a new one. */
  saved_moment: string;
}

/** A visit: where, who was there (law enforcement or not), what was offered and taken, the plan. */
export function VisitForm({
  me,
  detail,
  program,
  onRecorded,
}: {
  me: Me;
  detail: CaseDetail;
  program: Program;
  onRecorded: (how: Recorded) => void;
}) {
  const inForce = detail.consents.filter((c) => c.in_force);
  const homeVisitAllowed =
    !detail.program.policies.phone_first || inForce.some((c) => c.scope === 'home_visit');
  const members = program.members.filter((m) => m.active);
  const myMemberId = members.find((m) => m.user_id === me.id)?.id;
  // Defaults: the worker is present; in person only once the survivor agreed to a visit (phone first).
  const blank = useCallback(
    (): VisitValues => ({
      location_type: homeVisitAllowed ? 'home' : 'phone_video',
      present_member_ids: myMemberId ? [myMemberId] : [],
      law_enforcement: 'no',
      dress: '',
      services_offered: [],
      services_accepted: [],
      risk_reduction_plan: '',
      network: [],
      visited_at: '',
      saved_moment: '',
    }),
    [homeVisitAllowed, myMemberId],
  );
  const [v, set, clear] = useDraft(draftKey(me.id, detail.id, 'visit'), blank);
  const { refusal, busy, submit } = useRecordSubmit(onRecorded);
  const disclosureConsents = inForce.filter((c) => c.scope === 'disclose_to_person');
  const nameOf = (memberId: string) => {
    const m = members.find((x) => x.id === memberId);
    return m ? `${m.display_name} (${word(m.team_role).toLowerCase()}, ${m.agency})` : memberId;
  };
  const setNetwork = (i: number, patch: Partial<NetworkValues>) =>
    set({ network: v.network.map((n, j) => (j === i ? { ...n, ...patch } : n)) });

  const send = (event: FormEvent) => {
    event.preventDefault();
    const clientId = crypto.randomUUID();
    // Resolved now, so a record sent late keeps when it happened, and a corrected one keeps it too.
    const at = momentOf(v.visited_at, v.saved_moment);
    const body: Record<string, unknown> = {
      client_id: clientId,
      visited_at: at,
      location_type: v.location_type,
      present_member_ids: v.present_member_ids,
      law_enforcement:
        v.law_enforcement === 'yes' ? { present: true, dress: v.dress || undefined } : { present: false },
      services_offered: v.services_offered,
      services_accepted: v.services_accepted.filter((s) => v.services_offered.includes(s)),
      network_reached: v.network
        .filter((n) => n.consent_id)
        .map((n) => ({ consent_id: n.consent_id, relation: n.relation.trim(), received: n.received })),
    };
    if (v.risk_reduction_plan.trim()) body.risk_reduction_plan = v.risk_reduction_plan.trim();
    void submit(
      {
        client_id: clientId,
        user_id: me.id,
        case_id: detail.id,
        kind: 'visit',
        path: casePath(detail.id, 'visits'),
        body,
        form: { ...v, saved_moment: at },
        summary: `Visit: ${word(v.location_type).toLowerCase()}`,
        saved_at: new Date().toISOString(),
        state: 'waiting',
        refusal: null,
        tries: 0,
        last_error: null,
      },
      clear,
    );
  };

  const placed = [
    'location_type',
    'present_member_ids',
    'law_enforcement',
    'services_offered',
    'services_accepted',
    'network_reached',
    'visited_at',
  ];
  const unplaced = refusal && !placed.some((f) => (refusal.field ?? '').startsWith(f));
  // Fields named with a path (law_enforcement.dress, network_reached.0.consent_id) show by their head.
  const head = refusal?.field ? { ...refusal, field: refusal.field.split('.')[0] ?? null } : refusal;
  return (
    <form className="record-form" aria-label="Record a visit" onSubmit={send}>
      <h2>Record a visit</h2>
      <label>
        Where
        <select value={v.location_type} onChange={(e) => set({ location_type: e.target.value })}>
          {VISIT_LOCATIONS.map((l) => (
            <option key={l} value={l}>
              {word(l)}
            </option>
          ))}
        </select>
        {!homeVisitAllowed && v.location_type !== 'phone_video' && (
          <span className="hint">The program asks for the survivor's consent to a visit first.</span>
        )}
        <FieldProblem refusal={head} field="location_type" id="visit-location-problem" />
      </label>
      <CheckGroup
        legend="Team present"
        options={members.map((m) => m.id)}
        values={v.present_member_ids}
        labelOf={nameOf}
        single
        onChange={(present_member_ids) => set({ present_member_ids })}
        problem={<FieldProblem refusal={head} field="present_member_ids" id="visit-team-problem" />}
      />
      <ChoiceGroup
        legend="Law enforcement present"
        name="law-enforcement"
        options={['no', 'yes']}
        value={v.law_enforcement}
        onChange={(x) => set({ law_enforcement: x as VisitValues['law_enforcement'] })}
        problem={<FieldProblem refusal={head} field="law_enforcement" id="visit-police-problem" />}
      />
      {v.law_enforcement === 'yes' && (
        <ChoiceGroup
          legend="Officer dressed in"
          name="dress"
          options={OFFICER_DRESS}
          value={v.dress}
          onChange={(dress) => set({ dress })}
        />
      )}
      <CheckGroup
        legend="Services offered"
        options={SERVICES}
        values={v.services_offered}
        onChange={(services_offered) => set({ services_offered })}
        problem={<FieldProblem refusal={head} field="services_offered" id="visit-offered-problem" />}
      />
      {v.services_offered.length > 0 && (
        <CheckGroup
          legend="Services accepted"
          options={SERVICES.filter((s) => v.services_offered.includes(s))}
          values={v.services_accepted}
          onChange={(services_accepted) => set({ services_accepted })}
          problem={<FieldProblem refusal={head} field="services_accepted" id="visit-accepted-problem" />}
        />
      )}
      <label>
        Risk-reduction plan (optional)
        <textarea
          value={v.risk_reduction_plan}
          rows={3}
          maxLength={4000}
          onChange={(e) => set({ risk_reduction_plan: e.target.value })}
        />
      </label>
      {disclosureConsents.length > 0 && (
        <fieldset className="choices">
          <legend>Family or friends reached (with the survivor's consent)</legend>
          {v.network.map((n, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id before they are sent.
            <div key={i} className="network-entry">
              <label>
                Who
                <select value={n.consent_id} onChange={(e) => setNetwork(i, { consent_id: e.target.value })}>
                  <option value="">Choose…</option>
                  {disclosureConsents.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.recipient ?? 'Named person'}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Relation
                <input
                  value={n.relation}
                  maxLength={100}
                  onChange={(e) => setNetwork(i, { relation: e.target.value })}
                />
              </label>
              <CheckGroup
                legend="Received"
                options={NETWORK_RECEIVED}
                values={n.received}
                onChange={(received) => setNetwork(i, { received })}
              />
              <button type="button" onClick={() => set({ network: v.network.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => set({ network: [...v.network, { consent_id: '', relation: '', received: [] }] })}
          >
            Add a person reached
          </button>
          <FieldProblem refusal={head} field="network_reached" id="visit-network-problem" />
        </fieldset>
      )}
      <label>
        When (leave empty for {v.saved_moment ? 'the time it was first saved' : 'now'})
        <input
          type="datetime-local"
          value={v.visited_at}
          onChange={(e) => set({ visited_at: e.target.value })}
        />
        <FieldProblem refusal={head} field="visited_at" id="visit-when-problem" />
      </label>
      <FormFooter
        unplaced={unplaced && refusal}
        busy={busy}
        ready={v.present_member_ids.length > 0}
        label="Save visit"
      />
    </form>
  );
}
