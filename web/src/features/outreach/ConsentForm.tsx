import { type FormEvent, useCallback } from 'react';
import type { Me } from '../../shared/api-responses';
import { ChoiceGroup, FieldProblem, FormFooter, momentOf } from './form-parts';
import { casePath } from './outreach-paths';
import type { CaseDetail } from './outreach-types';
import { CONSENT_METHODS, CONSENT_SCOPES, SCOPES_WITH_RECIPIENT, word } from './outreach-words';
import { draftKey, useDraft } from './useDraft';
import { type Recorded, useRecordSubmit } from './useRecordSubmit';

/** The consent form's values (what its draft keeps). */
export interface ConsentValues {
  scope: string;
  recipient: string;
  method: string;
  expires_on: string;
  /** When it was first saved, if it was (a refused record reopened); empty for a new one. */
  saved_moment: string;
}

// No scope is chosen for the worker: a consent is recorded only as the survivor gave it.
const blank = (): ConsentValues => ({
  scope: '',
  recipient: '',
  method: 'verbal',
  expires_on: '',
  saved_moment: '',
});

/** The survivor's consent as given: what it allows, to whom, how it was obtained, until when. */
export function ConsentForm({
  me,
  detail,
  onRecorded,
  forOrganization,
}: {
  me: Me;
  detail: CaseDetail;
  onRecorded: (how: Recorded) => void;
  /**
   * Consent to share with one organization of the jurisdiction, asked on the spot by a referral to its
   * service: the scope is share_with_organization, the organization named by id, the methods those
   * the referral accepts (written or electronic for a 42 CFR Part 2 program).
   */
  forOrganization?: { id: string; name: string; methods: readonly string[] } | undefined;
}) {
  const [v, set, clear] = useDraft(
    draftKey(me.id, detail.id, forOrganization ? `consent-${forOrganization.id}` : 'consent'),
    useCallback(
      () =>
        forOrganization
          ? {
              ...blank(),
              scope: 'share_with_organization',
              method: forOrganization.methods.includes('verbal') ? 'verbal' : 'written',
            }
          : blank(),
      [forOrganization],
    ),
  );
  const { refusal, busy, submit } = useRecordSubmit(onRecorded);
  const needsRecipient = !forOrganization && SCOPES_WITH_RECIPIENT.includes(v.scope);

  const send = (event: FormEvent) => {
    event.preventDefault();
    const clientId = crypto.randomUUID();
    const at = momentOf('', v.saved_moment);
    const body: Record<string, unknown> = {
      client_id: clientId,
      scope: v.scope,
      method: v.method,
      obtained_at: at,
    };
    if (needsRecipient) body.recipient = v.recipient.trim();
    if (forOrganization) body.recipient_organization_id = forOrganization.id;
    // The end of the chosen day, on this device's clock.
    if (v.expires_on) body.expires_at = new Date(`${v.expires_on}T23:59:59`).toISOString();
    void submit(
      {
        client_id: clientId,
        user_id: me.id,
        case_id: detail.id,
        kind: 'consent',
        path: casePath(detail.id, 'consents'),
        body,
        form: { ...v, saved_moment: at },
        summary: `Consent: ${word(v.scope).toLowerCase()}`,
        saved_at: new Date().toISOString(),
        state: 'waiting',
        refusal: null,
        tries: 0,
        last_error: null,
      },
      clear,
    );
  };

  const unplaced = refusal && !['scope', 'recipient', 'method', 'expires_at'].includes(refusal.field ?? '');
  const title = forOrganization ? `Consent to share with ${forOrganization.name}` : 'Record consent';
  return (
    <form className="record-form" aria-label={title} onSubmit={send}>
      <h2>{title}</h2>
      {forOrganization ? (
        <p>The survivor agrees that {forOrganization.name} receives the referral and who it is for.</p>
      ) : (
        <ChoiceGroup
          legend="The survivor agrees to"
          name="scope"
          options={CONSENT_SCOPES}
          value={v.scope}
          onChange={(scope) => set({ scope })}
          problem={<FieldProblem refusal={refusal} field="scope" id="consent-scope-problem" />}
        />
      )}
      {needsRecipient && (
        <label>
          {v.scope === 'disclose_to_person' ? 'Who (name and relation)' : 'Which organization or program'}
          <input
            value={v.recipient}
            required
            maxLength={200}
            onChange={(e) => set({ recipient: e.target.value })}
          />
          <FieldProblem refusal={refusal} field="recipient" id="consent-recipient-problem" />
        </label>
      )}
      <ChoiceGroup
        legend="How it was given"
        name={forOrganization ? 'referral-consent-method' : 'consent-method'}
        options={
          forOrganization
            ? CONSENT_METHODS.filter((m) => forOrganization.methods.includes(m))
            : CONSENT_METHODS
        }
        value={v.method}
        onChange={(method) => set({ method })}
      />
      <label>
        Until (leave empty if the survivor set no end)
        <input type="date" value={v.expires_on} onChange={(e) => set({ expires_on: e.target.value })} />
        <FieldProblem refusal={refusal} field="expires_at" id="consent-expiry-problem" />
      </label>
      <FormFooter unplaced={unplaced && refusal} busy={busy} ready={!!v.scope} label="Save consent" />
    </form>
  );
}
