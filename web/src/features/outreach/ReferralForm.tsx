import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type { Me } from '../../shared/api-responses';
import {
  DIRECTORY_SERVICES_API,
  type DirectoryService,
  type DirectoryServicePage,
  HANDOFFS,
} from '../referrals/referral-contract';
import { CAPACITY_WORDS, dayOf, HANDOFF_WORDS } from '../referrals/referral-words';
import { ConsentForm } from './ConsentForm';
import { ChoiceGroup, FieldProblem, FormFooter, momentOf } from './form-parts';
import { casePath } from './outreach-paths';
import type { CaseDetail, ReferralOptions } from './outreach-types';
import { SERVICES, word } from './outreach-words';
import { draftKey, useDraft } from './useDraft';
import { useRead } from './useRead';
import { type Recorded, useRecordSubmit } from './useRecordSubmit';

/** The referral form's values (what its draft keeps). */
export interface ReferralValues {
  need: string;
  service_id: string;
  /** The chosen service's name, for the waiting list's summary. */
  service_name: string;
  handoff: string;
  note: string;
  consent_id: string;
  agreement_id: string;
  /** When it was first saved, if it was (a refused record reopened); empty for a new one. */
  saved_moment: string;
}

// Neither the need nor the handoff is chosen for the worker: each is what happened with the survivor.
const blank = (): ReferralValues => ({
  need: '',
  service_id: '',
  service_name: '',
  handoff: '',
  note: '',
  consent_id: '',
  agreement_id: '',
  saved_moment: '',
});

/** How many services a need lists at once (the nearest or first by name). */
const SERVICES_SHOWN = 20;

/** A service in one line: open now, capacity today, distance, same-day intake. */
function serviceFacts(s: DirectoryService): string {
  const distance = s.locations.map((l) => l.distance_km).find((d) => d !== null);
  return [
    s.open_now === null ? 'hours not listed' : s.open_now ? 'open now' : 'closed now',
    `capacity: ${CAPACITY_WORDS[s.capacity.status].toLowerCase()}${
      s.capacity.status === 'waitlist' && s.capacity.waitlist_days !== null
        ? ` (${s.capacity.waitlist_days} days)`
        : ''
    }`,
    ...(distance !== undefined && distance !== null ? [`${distance.toFixed(1)} km`] : []),
    ...(s.same_day_intake ? ['same-day intake'] : []),
    ...(s.part2_program ? ['42 CFR Part 2 program'] : []),
  ].join(' · ');
}

/**
 * A referral from the case to a service of the directory: the need, a service found by it, the
 * handoff and a note; when the service's provider signs in to SOS (the referral's details reach it),
 * the survivor's consent naming that organization (recorded here if there is none yet) and the
 * sharing agreement the flow rests on. Sent like the other records: kept on the phone until stored.
 */
export function ReferralForm({
  me,
  detail,
  onRecorded,
}: {
  me: Me;
  detail: CaseDetail;
  onRecorded: (how: Recorded) => void;
}) {
  const [v, set, clear] = useDraft(draftKey(me.id, detail.id, 'referral'), useCallback(blank, []));
  const { refusal, busy, submit } = useRecordSubmit(onRecorded);
  const [optionsVersion, setOptionsVersion] = useState(0);
  const [askConsent, setAskConsent] = useState(false);
  const [consentNotice, setConsentNotice] = useState<string | null>(null);
  // Where the worker stands, to list the nearest services first: asked only when she chooses it, never
  // kept (rounded to about 100 m, enough to order services by distance).
  const [near, setNear] = useState<string | null>(null);
  const [locating, setLocating] = useState<string | null>(null);
  const found = useRead<DirectoryServicePage>(
    v.need
      ? `${DIRECTORY_SERVICES_API}?need=${encodeURIComponent(v.need)}&limit=${SERVICES_SHOWN}${
          near ? `&near=${near}` : ''
        }`
      : null,
  );
  const locate = () => {
    if (!navigator.geolocation) {
      setLocating('This phone cannot share its location.');
      return;
    }
    setLocating('Finding where you are…');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setNear(`${position.coords.latitude.toFixed(3)},${position.coords.longitude.toFixed(3)}`);
        setLocating(null);
      },
      (e) => setLocating(`Location unavailable (${e.message}).`),
      { timeout: 10_000 },
    );
  };
  const options = useRead<ReferralOptions>(
    v.service_id
      ? `${casePath(detail.id, 'referral-options')}?service_id=${encodeURIComponent(v.service_id)}`
      : null,
    optionsVersion,
  );
  const offered = options.data?.service.id === v.service_id ? options.data : null;
  const needsDisclosure = offered?.disclosure_required ?? false;

  // A single consent or agreement that fits is chosen; a choice no longer offered is dropped.
  useEffect(() => {
    if (!offered) return;
    const pick = (chosen: string, ids: string[]) =>
      ids.includes(chosen) ? chosen : ids.length === 1 ? (ids[0] as string) : '';
    const consent = pick(
      v.consent_id,
      offered.consents.map((c) => c.id),
    );
    const agreement = pick(
      v.agreement_id,
      offered.agreements.map((a) => a.id),
    );
    if (consent !== v.consent_id || agreement !== v.agreement_id)
      set({ consent_id: consent, agreement_id: agreement });
  }, [offered, v.consent_id, v.agreement_id, set]);

  const provider = useMemo(
    () =>
      offered?.service.provider_organization_id
        ? {
            id: offered.service.provider_organization_id,
            name: offered.service.provider_organization_name ?? offered.service.name,
            methods: offered.consent_methods,
          }
        : undefined,
    [offered],
  );

  const send = (event: FormEvent) => {
    event.preventDefault();
    const clientId = crypto.randomUUID();
    const at = momentOf('', v.saved_moment);
    const body: Record<string, unknown> = {
      client_id: clientId,
      service_id: v.service_id,
      need: v.need,
      handoff: v.handoff,
      referred_at: at,
    };
    if (v.note.trim()) body.note = v.note.trim();
    if (needsDisclosure) {
      body.consent_id = v.consent_id;
      body.agreement_id = v.agreement_id;
    }
    void submit(
      {
        client_id: clientId,
        user_id: me.id,
        case_id: detail.id,
        kind: 'referral',
        path: casePath(detail.id, 'referrals'),
        body,
        form: { ...v, saved_moment: at },
        summary: `Referral: ${v.service_name || 'a service'} (${word(v.need).toLowerCase()})`,
        saved_at: new Date().toISOString(),
        state: 'waiting',
        refusal: null,
        tries: 0,
        last_error: null,
      },
      clear,
    );
  };

  const placed = ['need', 'service_id', 'handoff', 'note', 'consent_id', 'agreement_id'];
  const unplaced = refusal && !placed.includes(refusal.field ?? '');
  const ready =
    !!v.need &&
    !!v.service_id &&
    !!v.handoff &&
    !!offered &&
    (!needsDisclosure || (!!v.consent_id && !!v.agreement_id));
  const services = found.data?.services ?? [];
  return (
    <section className="record-form referral-form" aria-labelledby="referral-form-title">
      <h2 id="referral-form-title">Refer to a service</h2>
      <ChoiceGroup
        legend="What the survivor needs"
        name="referral-need"
        options={SERVICES}
        value={v.need}
        onChange={(need) => set({ need, service_id: '', service_name: '', consent_id: '', agreement_id: '' })}
        problem={<FieldProblem refusal={refusal} field="need" id="referral-need-problem" />}
      />
      {v.need && (
        <fieldset className="choices single service-choices">
          <legend>Service</legend>
          {!near && (
            <button type="button" onClick={locate}>
              Nearest first (uses this phone's location)
            </button>
          )}
          {locating && <p className="muted">{locating}</p>}
          {found.error && <p role="alert">Could not search the directory ({found.error}).</p>}
          {!found.data && !found.error && <p className="loading">Searching the directory…</p>}
          {found.data && services.length === 0 && (
            <p className="muted">No service in the directory offers {word(v.need).toLowerCase()}.</p>
          )}
          {services.map((s) => (
            <label key={s.id} className="choice service-choice">
              <input
                type="radio"
                name="referral-service"
                value={s.id}
                checked={v.service_id === s.id}
                onChange={() =>
                  set({ service_id: s.id, service_name: s.name, consent_id: '', agreement_id: '' })
                }
              />
              <span>
                <strong>{s.name}</strong>
                <br />
                <span className="muted">
                  {s.organization.name} · {serviceFacts(s)}
                </span>
              </span>
            </label>
          ))}
          <FieldProblem refusal={refusal} field="service_id" id="referral-service-problem" />
        </fieldset>
      )}
      {v.service_id && !offered && (
        <p className="loading">{options.error ?? 'Checking consent and agreements…'}</p>
      )}
      {offered && !needsDisclosure && (
        <p className="muted">
          {offered.service.name} does not sign in to SOS: nothing about the survivor is sent to it.
        </p>
      )}
      {offered && needsDisclosure && provider && (
        <>
          <fieldset className="choices single">
            <legend>Survivor's consent to share with {provider.name}</legend>
            {offered.consents.length === 0 && (
              <p className="muted">
                No consent in force names {provider.name}
                {offered.service.part2_program ? ' (written or electronic, for a Part 2 program)' : ''}.
              </p>
            )}
            {offered.consents.map((c) => (
              <label key={c.id} className="choice">
                <input
                  type="radio"
                  name="referral-consent"
                  value={c.id}
                  checked={v.consent_id === c.id}
                  onChange={() => set({ consent_id: c.id })}
                />
                {word(c.method)}, {dayOf(c.obtained_at)}
                {c.expires_at ? `, until ${dayOf(c.expires_at)}` : ''}
              </label>
            ))}
            {!askConsent && (
              <button type="button" onClick={() => setAskConsent(true)}>
                Record the survivor's consent now
              </button>
            )}
            {consentNotice && (
              <p role="status" className="notice">
                {consentNotice}
              </p>
            )}
            <FieldProblem refusal={refusal} field="consent_id" id="referral-consent-problem" />
          </fieldset>
          {askConsent && (
            <ConsentForm
              me={me}
              detail={detail}
              forOrganization={provider}
              onRecorded={(how) => {
                setAskConsent(false);
                setConsentNotice(
                  how === 'stored'
                    ? 'Consent saved.'
                    : 'Consent kept on this device: the referral can name it once it is sent.',
                );
                setOptionsVersion((x) => x + 1);
              }}
            />
          )}
          <fieldset className="choices single">
            <legend>Sharing agreement</legend>
            {offered.agreements.length === 0 && (
              <p className="field-problem">
                No sharing agreement in force covers sending a referral to {provider.name}
                {offered.service.part2_program ? ' with Part 2 records' : ''}: ask your administrator.
              </p>
            )}
            {offered.agreements.map((a) => (
              <label key={a.id} className="choice">
                <input
                  type="radio"
                  name="referral-agreement"
                  value={a.id}
                  checked={v.agreement_id === a.id}
                  onChange={() => set({ agreement_id: a.id })}
                />
                {a.title}
                {a.ends_on ? ` (until ${a.ends_on})` : ''}
              </label>
            ))}
            <FieldProblem refusal={refusal} field="agreement_id" id="referral-agreement-problem" />
          </fieldset>
        </>
      )}
      <form aria-label="Refer to a service" onSubmit={send}>
        <ChoiceGroup
          legend="Handoff"
          name="referral-handoff"
          options={HANDOFFS}
          labelOf={(h) => HANDOFF_WORDS[h as keyof typeof HANDOFF_WORDS]}
          value={v.handoff}
          onChange={(handoff) => set({ handoff })}
          problem={<FieldProblem refusal={refusal} field="handoff" id="referral-handoff-problem" />}
        />
        <label>
          Note for the service (optional)
          <textarea
            value={v.note}
            maxLength={4000}
            rows={3}
            onChange={(e) => set({ note: e.target.value })}
          />
          <FieldProblem refusal={refusal} field="note" id="referral-note-problem" />
        </label>
        <FormFooter unplaced={unplaced && refusal} busy={busy} ready={ready} label="Send referral" />
      </form>
    </section>
  );
}
