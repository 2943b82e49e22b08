import { useEffect, useRef, useState } from 'react';
import type { Me } from '../../shared/api-responses';
import { navigate } from '../../shared/router';
import type { CaseReferralList } from '../referrals/referral-contract';
import { AttemptForm } from './AttemptForm';
import { attemptsLeft, ClockBadgeOf, ContactFlags } from './CaseBadges';
import { CaseHistory } from './CaseHistory';
import { CaseReferrals } from './CaseReferrals';
import { ConsentForm } from './ConsentForm';
import { HouseholdSection } from './HouseholdSection';
import { casePath, OUTREACH_API } from './outreach-paths';
import type { CaseDetail, Program } from './outreach-types';
import { word } from './outreach-words';
import { ReferralForm } from './ReferralForm';
import { useRead } from './useRead';
import type { Recorded } from './useRecordSubmit';
import { STORED } from './useWaitingSends';
import { VisitForm } from './VisitForm';

/** The forms a case page opens. */
const FORMS = [
  { form: 'attempt', title: 'Record an attempt' },
  { form: 'consent', title: 'Record consent' },
  { form: 'visit', title: 'Record a visit' },
  { form: 'referral', title: 'Refer to a service' },
] as const;
type FormName = (typeof FORMS)[number]['form'];

/** One outreach case: the person, the clock, its referrals, the history, and the forms that add to it. */
export function CaseView({
  me,
  caseId,
  form,
  edit,
  path,
}: {
  me: Me;
  caseId: string;
  form: string | null;
  /** A refused record being corrected: its form opens anew on the draft that now holds its values. */
  edit: string | null;
  path: string;
}) {
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const detail = useRead<CaseDetail>(`${casePath(caseId)}?purpose=treatment`, version);
  const programId = detail.data?.program_id ?? null;
  const program = useRead<Program>(programId ? `${OUTREACH_API}/programs/${programId}` : null);
  const referrals = useRead<CaseReferralList>(casePath(caseId, 'referrals'), version);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // Records the waiting list sent change the case; with the connection back, the case is read again
  // (it may have failed to refresh offline). Either way a notice that a record waits is over: the
  // waiting list above says what became of it.
  useEffect(() => {
    const reload = () => setVersion((x) => x + 1);
    const sent = () => {
      setNotice(null);
      reload();
    };
    window.addEventListener(STORED, sent);
    window.addEventListener('online', sent);
    return () => {
      window.removeEventListener(STORED, sent);
      window.removeEventListener('online', sent);
    };
  }, []);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const open = (f: FormName | null) => {
    setNotice(null);
    navigate(`${path}?case=${encodeURIComponent(caseId)}${f ? `&form=${f}` : ''}`, true);
  };
  const recorded = (what: string) => (how: Recorded) => {
    setNotice(
      how === 'stored'
        ? `${what} saved.`
        : `${what} kept on this device: no connection. It is sent as soon as the connection returns.`,
    );
    navigate(`${path}?case=${encodeURIComponent(caseId)}`, true);
    setVersion((x) => x + 1);
  };

  const c = detail.data;
  if (!c) {
    return (
      <section className="outreach-case">
        <BackToQueue path={path} />
        <h1>Outreach case</h1>
        {detail.error ? <p role="alert">{detail.error}</p> : <p className="loading">Loading…</p>}
      </section>
    );
  }
  const person = c.person;
  const name = person ? [person.first_name, person.last_name].filter(Boolean).join(' ') : '';
  return (
    <section className="outreach-case" aria-labelledby="case-title">
      <BackToQueue path={path} />
      <h1 id="case-title">{name || 'Outreach case'}</h1>
      {detail.error && (
        <p role="alert" className="muted">
          Could not refresh ({detail.error}); this may be out of date.
        </p>
      )}
      <p className="case-badges">
        <ClockBadgeOf c={c} now={Date.now()} outcomes={c.attempts.map((a) => a.outcome)} />
        <ContactFlags flags={c.contact_flags} />
        {c.status === 'closed' && (
          <span className="badge">Closed{c.close_reason ? `: ${word(c.close_reason)}` : ''}</span>
        )}
        <span className="muted">
          {attemptsLeft(c)} · {c.area_id ? `area ${c.area_id}` : 'no area'} · {c.program.name}
        </span>
      </p>
      {notice && (
        <p ref={noticeRef} tabIndex={-1} className="notice" role="status">
          {notice}
        </p>
      )}
      {person ? (
        <dl className="person-details">
          {person.phone && (
            <div>
              <dt>Phone</dt>
              <dd>
                <a href={`tel:${person.phone}`}>{person.phone}</a>
              </dd>
            </div>
          )}
          {person.address && (
            <div>
              <dt>Address</dt>
              <dd>{person.address}</dd>
            </div>
          )}
          {person.email && (
            <div>
              <dt>Email</dt>
              <dd>{person.email}</dd>
            </div>
          )}
          {person.birth_date && (
            <div>
              <dt>Born</dt>
              <dd>{person.birth_date}</dd>
            </div>
          )}
        </dl>
      ) : (
        <p className="muted">The person's details were purged under the program's retention rule.</p>
      )}
      {c.status === 'open' && (
        <div className="form-tabs">
          {FORMS.map((f) => (
            <button
              key={f.form}
              type="button"
              aria-pressed={form === f.form}
              onClick={() => open(form === f.form ? null : f.form)}
            >
              {f.title}
            </button>
          ))}
        </div>
      )}
      {c.status === 'open' && form === 'attempt' && (
        <AttemptForm key={edit} me={me} detail={c} onRecorded={recorded('Attempt')} />
      )}
      {c.status === 'open' && form === 'consent' && (
        <ConsentForm key={edit} me={me} detail={c} onRecorded={recorded('Consent')} />
      )}
      {c.status === 'open' &&
        form === 'visit' &&
        (program.data ? (
          <VisitForm key={edit} me={me} detail={c} program={program.data} onRecorded={recorded('Visit')} />
        ) : (
          <p className="loading">{program.error ?? 'Loading the team…'}</p>
        ))}
      {c.status === 'open' && form === 'referral' && (
        <ReferralForm key={edit} me={me} detail={c} onRecorded={recorded('Referral')} />
      )}
      <CaseReferrals
        referrals={referrals}
        open={c.status === 'open'}
        onChanged={() => setVersion((x) => x + 1)}
      />
      <CaseHistory c={c} />
      <HouseholdSection caseId={caseId} open={c.status === 'open'} />
    </section>
  );
}

/** The link back to the queue the case was opened from. */
function BackToQueue({ path }: { path: string }) {
  return (
    <p>
      <a
        href={path}
        onClick={(e) => {
          e.preventDefault();
          navigate(path);
        }}
      >
        ← Back to the queue
      </a>
    </p>
  );
}
