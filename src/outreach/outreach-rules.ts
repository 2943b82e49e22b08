import { SosError } from '../platform/errors.js';
import { type Consent, type ContactAttempt, consentInForce } from './case-records.js';
import type {
  ConsentScope,
  ContactMethod,
  ContactOutcome,
  Disclosure,
  LawEnforcementPolicy,
  Material,
  OfficerDress,
  TeamRole,
  VisitLocation,
} from './outreach-vocabulary.js';

// The PRONTO rules the outreach service enforces, one pure function each: given what is asked and what
// the case holds, the catalog error that refuses it, or null. The services call every one of them.

/** The shortest reason a coordinator may give to go past the attempt cap. */
export const CAP_OVERRIDE_REASON_MIN_LENGTH = 10;

/**
 * Whether a consent of `scope` covers an action done at `at` and recorded `now`: obtained by the time of
 * the action (a consent obtained afterwards does not excuse it) and still in force now, so that a
 * revocation or an expiry is respected at once, even by an action recorded late.
 */
export function consentCovers(consent: Consent, scope: ConsentScope, at: Date, now: Date): boolean {
  return (
    consent.scope === scope && consent.obtainedAt.getTime() <= at.getTime() && consentInForce(consent, now)
  );
}

/** Whether any of the case's consents of `scope` covers an action done at `at` and recorded `now`. */
export function anyConsentCovers(
  consents: readonly Consent[],
  scope: ConsentScope,
  at: Date,
  now: Date,
): boolean {
  return consents.some((c) => consentCovers(c, scope, at, now));
}

/**
 * Materials: nothing is left behind unless the survivor was reached (a contact card at the door tells
 * whoever opens it), or the survivor consented to materials by mail or drop-off; and only what the
 * program allows.
 */
export function materialsRefusal(input: {
  materialsLeft: readonly Material[];
  outcome: ContactOutcome;
  materialsAllowed: readonly Material[];
  consents: readonly Consent[];
  at: Date;
  now: Date;
}): SosError | null {
  const notAllowed = input.materialsLeft.filter((m) => !input.materialsAllowed.includes(m));
  if (notAllowed.length > 0) {
    return new SosError(
      'OUTREACH_MATERIALS_NOT_ALLOWED',
      `The program does not allow leaving ${notAllowed.join(', ')} (it allows: ${input.materialsAllowed.join(', ') || 'nothing'})`,
      { field: 'materials_left' },
    );
  }
  if (input.materialsLeft.length === 0 || input.outcome === 'survivor_reached') return null;
  if (anyConsentCovers(input.consents, 'materials_by_mail_or_drop_off', input.at, input.now)) return null;
  return new SosError(
    'OUTREACH_MATERIALS_NOT_ALLOWED',
    `Materials may be left only when the survivor was reached (the outcome was ${input.outcome}), or under a consent to materials by mail or drop-off in force`,
    { field: 'materials_left' },
  );
}

/**
 * Disclosure: whoever answers hears the generic script; telling another person anything needs the
 * survivor's consent to disclosure to that person, named by the attempt, of this case and in force.
 */
export function disclosureRefusal(input: {
  disclosure: Disclosure;
  disclosureConsentId: string | null;
  consents: readonly Consent[];
  at: Date;
  now: Date;
}): SosError | null {
  if (input.disclosure !== 'disclosed') return null;
  const consent = input.consents.find((c) => c.id === input.disclosureConsentId);
  if (consent && consentCovers(consent, 'disclose_to_person', input.at, input.now)) return null;
  const why =
    input.disclosureConsentId === null
      ? 'no disclosure_consent_id names the consent'
      : consent === undefined
        ? 'the disclosure_consent_id names no consent of this case'
        : consent.scope !== 'disclose_to_person'
          ? `the consent named is for ${consent.scope}, not disclose_to_person`
          : 'the consent named was not in force (obtained after the attempt, revoked or expired)';
  return new SosError(
    'CONSENT_REQUIRED',
    `A disclosure needs the survivor's consent to that person: ${why}`,
    {
      field: 'disclosure_consent_id',
    },
  );
}

/**
 * Phone first: where the program asks for it, nobody turns up in person (an attempt in person, a visit
 * anywhere but by phone or video) before the survivor consented to a visit.
 */
export function phoneFirstRefusal(input: {
  inPerson: boolean;
  phoneFirst: boolean;
  consents: readonly Consent[];
  at: Date;
  now: Date;
  field: 'method' | 'location_type';
}): SosError | null {
  if (!input.inPerson || !input.phoneFirst) return null;
  if (anyConsentCovers(input.consents, 'home_visit', input.at, input.now)) return null;
  return new SosError(
    'CONSENT_REQUIRED',
    'The program asks for contact by phone or text first: an in-person contact needs a consent to a visit (home_visit) in force',
    { field: input.field },
  );
}

/** Whether an attempt method reaches the survivor in person. */
export function isInPerson(method: ContactMethod): boolean {
  return method === 'in_person';
}

/** Whether a visit's location has the team in person (all but phone or video). */
export function isInPersonVisit(location: VisitLocation): boolean {
  return location !== 'phone_video';
}

/**
 * After a decline: a survivor who said no is not contacted again, by an attempt or at a visit, unless
 * she later agreed to further contact (a further_contact consent obtained after the latest decline, by
 * the time of the new contact).
 */
export function furtherContactRefusal(input: {
  attempts: readonly Pick<ContactAttempt, 'id' | 'outcome' | 'attemptedAt'>[];
  consents: readonly Consent[];
  at: Date;
  now: Date;
  field: 'outcome' | 'visited_at';
}): SosError | null {
  const declines = input.attempts.filter(
    (a) => a.outcome === 'declined' && a.attemptedAt.getTime() <= input.at.getTime(),
  );
  if (declines.length === 0) return null;
  const latest = declines.reduce((a, b) => (b.attemptedAt.getTime() > a.attemptedAt.getTime() ? b : a));
  const agreedSince = input.consents.some(
    (c) =>
      c.obtainedAt.getTime() > latest.attemptedAt.getTime() &&
      consentCovers(c, 'further_contact', input.at, input.now),
  );
  if (agreedSince) return null;
  return new SosError(
    'CONSENT_REQUIRED',
    `The survivor declined on ${latest.attemptedAt.toISOString()}: further contact needs a further_contact consent obtained since`,
    { field: input.field, declined_attempt_id: latest.id },
  );
}

/**
 * The attempt cap: once a case holds as many attempts as the program's cap, another needs a coordinator
 * (the policy's outreach.override_cap) who says why in at least ten characters.
 */
export function attemptCapRefusal(input: {
  attemptCount: number;
  attemptCap: number;
  overrideReason: string | null;
  mayOverride: boolean;
}): SosError | null {
  if (input.attemptCount < input.attemptCap) return null;
  const reached = `The case has ${input.attemptCount} attempts, the program's cap is ${input.attemptCap}`;
  if (!input.mayOverride) {
    return new SosError(
      'OUTREACH_ATTEMPT_CAP',
      `${reached}: only a coordinator of the program may record another, saying why`,
      { field: 'cap_override_reason' },
    );
  }
  if ((input.overrideReason?.trim().length ?? 0) < CAP_OVERRIDE_REASON_MIN_LENGTH) {
    return new SosError(
      'OUTREACH_ATTEMPT_CAP',
      `${reached}: say why to go on in cap_override_reason (at least ${CAP_OVERRIDE_REASON_MIN_LENGTH} characters)`,
      { field: 'cap_override_reason' },
    );
  }
  return null;
}

/**
 * Law enforcement at a visit, against the program's policy: 'never' refuses any officer, 'plain_clothes'
 * refuses a uniform (and an officer whose dress is not said), 'uniform' allows both. A police member of
 * the team present is law enforcement present, whatever the flag says.
 */
export function lawEnforcementRefusal(input: {
  policy: LawEnforcementPolicy;
  flagged: boolean;
  dress: OfficerDress | null;
  presentRoles: readonly TeamRole[];
}): SosError | null {
  if (!lawEnforcementPresent(input.flagged, input.presentRoles)) return null;
  if (input.policy === 'uniform') return null;
  if (input.policy === 'plain_clothes' && input.dress === 'plain_clothes') return null;
  const who = input.flagged ? 'law enforcement' : 'a police member of the team';
  const allowed =
    input.policy === 'never' ? 'no law enforcement at visits' : 'officers at visits in plain clothes only';
  const as = input.dress ? ` (${input.dress.replace('_', ' ')})` : input.flagged ? '' : ' (dress not said)';
  return new SosError(
    'OUTREACH_LAW_ENFORCEMENT_REFUSED',
    `The visit records ${who} present${as}; the program's policy allows ${allowed}`,
    { field: 'law_enforcement' },
  );
}

/** Whether law enforcement was present: the flag, or a police member of the team among those present. */
export function lawEnforcementPresent(flagged: boolean, presentRoles: readonly TeamRole[]): boolean {
  return flagged || presentRoles.includes('police');
}

/**
 * The family and network members reached at a visit: each was told of the survivor, so each needs the
 * survivor's consent to disclosure to a person, of this case, in force at the visit.
 */
export function networkConsentRefusal(input: {
  consentIds: readonly string[];
  consents: readonly Consent[];
  at: Date;
  now: Date;
}): SosError | null {
  const index = input.consentIds.findIndex((id) => {
    const consent = input.consents.find((c) => c.id === id);
    return !consent || !consentCovers(consent, 'disclose_to_person', input.at, input.now);
  });
  if (index < 0) return null;
  return new SosError(
    'CONSENT_REQUIRED',
    `Network member ${index + 1} was reached without a consent to disclosure to a person of this case in force at the visit`,
    { field: `network_reached.${index}.consent_id` },
  );
}
