import { decideAccess } from '../access/access-decision.js';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { auditRead } from '../access/audit/read-audit.js';
import { authorizeUser } from '../access/authorize.js';
import { type Actor, auditActor, type Role } from '../access/roles.js';
import { activeUserRoles, activeUsersWithRoles, userNames } from '../access/users/user-directory.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { decodePageCursor, encodePageCursor } from '../platform/page-cursor.js';
import {
  type FatalOverdoseChoice,
  listFatalOverdoses,
  overdoseFactsById,
} from '../surveillance/fatal-overdose-facts.js';
import { agreementTextHash, confidentialityAgreement } from './confidentiality-agreement.js';
import { type FatalityReview, memberRoles, type ReviewMember, type ReviewStatus } from './fatality-review.js';
import {
  findReviewOfOverdose,
  insertAgreement,
  insertMember,
  insertReview,
  listMembers,
  listReviews,
  reviewedOverdoses,
  updateReview,
} from './fatality-review-repository.js';
import { authorizeHeaderRead, loadReview } from './review-access.js';

/** What the review services need: the database and the clock (the case reader adds the keyring). */
export interface FatalityReviewDependencies {
  db: Database;
  clock: Clock;
}

/** A member as the review's header shows it: name, role, whether and when the agreement was signed. */
export interface PresentedMember {
  userId: string;
  name: string | null;
  role: Role | null;
  enrolledAt: Date;
  signedAt: Date | null;
  agreementVersion: string | null;
}

/** A review's header: no case content, only what members and the managing analysts coordinate by. */
export interface ReviewHeader {
  review: FatalityReview;
  chairName: string | null;
  members: PresentedMember[];
  /** The local day of the death, for analysts who manage reviews only (T2); null for anyone else. */
  diedOn: string | null;
  /** The reader's own standing: enrolled, signed, and whether the reader manages reviews. */
  you: { member: boolean; signed: boolean; manages: boolean };
}

async function presentMembers(
  deps: FatalityReviewDependencies,
  jurisdictionId: string,
  members: readonly ReviewMember[],
): Promise<PresentedMember[]> {
  const ids = members.map((m) => m.userId);
  const names = await userNames(deps.db, jurisdictionId, ids);
  const roles = await activeUserRoles(deps.db, jurisdictionId, ids);
  return members.map((m) => ({
    userId: m.userId,
    name: names.get(m.userId) ?? null,
    role: roles.get(m.userId) ?? null,
    enrolledAt: m.enrolledAt,
    signedAt: m.agreement?.signedAt ?? null,
    agreementVersion: m.agreement?.agreementVersion ?? null,
  }));
}

async function header(
  deps: FatalityReviewDependencies,
  reader: { userId: string; jurisdictionId: string },
  review: FatalityReview,
  members: readonly ReviewMember[],
  manages: boolean,
  diedOn: Map<string, string>,
): Promise<ReviewHeader> {
  const mine = members.find((m) => m.userId === reader.userId);
  const chair = await userNames(deps.db, reader.jurisdictionId, [review.chairId]);
  return {
    review,
    chairName: chair.get(review.chairId) ?? null,
    members: await presentMembers(deps, reader.jurisdictionId, members),
    diedOn: manages ? (diedOn.get(review.overdoseId) ?? null) : null,
    you: { member: mine !== undefined, signed: mine?.agreement != null, manages },
  };
}

/** The local days of these overdoses' deaths (for managing analysts). */
async function deathDays(deps: FatalityReviewDependencies, jurisdictionId: string, ids: readonly string[]) {
  const facts = await overdoseFactsById(deps.db, jurisdictionId, ids);
  return new Map([...facts].map(([id, row]) => [id, row.occurred_date]));
}

/**
 * Opens a review of a fatal overdose of the analyst's jurisdiction (one per overdose), the analyst its
 * chair and first member (who signs the agreement like anyone else), audited in the same transaction.
 */
export async function openReview(
  deps: FatalityReviewDependencies,
  actor: Actor,
  input: { overdoseId: string; meetingDate: string | null },
): Promise<FatalityReview> {
  authorizeUser(actor, 'fatality_review.manage');
  const facts = await overdoseFactsById(deps.db, actor.jurisdictionId, [input.overdoseId]);
  const overdose = facts.get(input.overdoseId);
  if (!overdose)
    throw new SosError('NOT_FOUND', 'No overdose by that id in your jurisdiction', { field: 'overdose_id' });
  if (overdose.fatal !== true)
    throw new SosError('FATALITY_REVIEW_NOT_FATAL', undefined, { field: 'overdose_id' });
  const now = deps.clock.now();
  const review: FatalityReview = {
    jurisdictionId: actor.jurisdictionId,
    id: newId(now.getTime()),
    overdoseId: input.overdoseId,
    chairId: actor.userId,
    meetingDate: input.meetingDate,
    status: 'scheduled',
    openedAt: now,
    updatedAt: now,
  };
  await deps.db.transaction(async (tx) => {
    if (await findReviewOfOverdose(tx, actor.jurisdictionId, input.overdoseId)) {
      throw new SosError('FATALITY_REVIEW_EXISTS', undefined, { field: 'overdose_id' });
    }
    await insertReview(tx, review);
    await insertMember(tx, actor.jurisdictionId, review.id, {
      userId: actor.userId,
      enrolledBy: actor.userId,
      enrolledAt: now,
    });
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'fatality_review.open',
        subjectType: 'fatality_review',
        subjectId: review.id,
        purpose: 'fatality_review',
        details: { overdose_id: review.overdoseId, meeting_date: review.meetingDate },
      },
    ]);
  });
  return review;
}

/** Sets a review's meeting date and status (analysts who manage reviews), audited. */
export async function changeReview(
  deps: FatalityReviewDependencies,
  actor: Actor,
  reviewId: string,
  change: { meetingDate?: string | null; status?: ReviewStatus },
): Promise<ReviewHeader> {
  authorizeUser(actor, 'fatality_review.manage');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { review } = await loadReview(tx, actor, reviewId, true);
    const next = {
      meetingDate: change.meetingDate === undefined ? review.meetingDate : change.meetingDate,
      status: change.status ?? review.status,
      updatedAt: now,
    };
    await updateReview(tx, actor.jurisdictionId, review.id, next);
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'fatality_review.update',
        subjectType: 'fatality_review',
        subjectId: review.id,
        purpose: 'fatality_review',
        details: { meeting_date: next.meetingDate, status: next.status },
      },
    ]);
  });
  return readReviewHeader(deps, actor, reviewId);
}

/** A page of reviews: every review of the jurisdiction to analysts who manage them, one's own to members. */
export async function listReviewHeaders(
  deps: FatalityReviewDependencies,
  actor: Actor,
  page: { cursor: string | null; limit: number },
): Promise<{ reviews: ReviewHeader[]; next: string | null }> {
  const manages = decideAccess(actor, 'fatality_review.manage').effect === 'allow';
  authorizeUser(actor, manages ? 'fatality_review.manage' : 'fatality_review.read');
  const before = page.cursor ? decodePageCursor(page.cursor) : null;
  const rows = await listReviews(deps.db, actor.jurisdictionId, {
    memberId: manages ? null : actor.userId,
    before,
    limit: page.limit + 1,
  });
  const shown = rows.slice(0, page.limit);
  const members = await listMembers(
    deps.db,
    actor.jurisdictionId,
    shown.map((r) => r.id),
  );
  const days = manages
    ? await deathDays(
        deps,
        actor.jurisdictionId,
        shown.map((r) => r.overdoseId),
      )
    : new Map();
  const reviews: ReviewHeader[] = [];
  for (const review of shown) {
    reviews.push(await header(deps, actor, review, members.get(review.id) ?? [], manages, days));
  }
  const last = shown[shown.length - 1];
  const next = rows.length > page.limit && last ? encodePageCursor({ at: last.openedAt, id: last.id }) : null;
  return { reviews, next };
}

/** One review's header (managing analysts, or its enrolled members). */
export async function readReviewHeader(
  deps: FatalityReviewDependencies,
  actor: Actor,
  reviewId: string,
): Promise<ReviewHeader> {
  const { review, members, reader, manages } = await authorizeHeaderRead(deps.db, actor, reviewId);
  const days = manages ? await deathDays(deps, reader.jurisdictionId, [review.overdoseId]) : new Map();
  return header(deps, reader, review, members, manages, days);
}

/**
 * The fatal overdoses an analyst may open a review for (those without one yet), newest first: line-level
 * facts without point or address, the read audited (purpose `fatality_review`).
 */
export async function listReviewCandidates(
  deps: FatalityReviewDependencies,
  actor: Actor,
  limit: number,
): Promise<FatalOverdoseChoice[]> {
  authorizeUser(actor, 'fatality_review.manage');
  const fatal = await listFatalOverdoses(deps.db, actor.jurisdictionId, limit * 4);
  const reviewed = await reviewedOverdoses(
    deps.db,
    actor.jurisdictionId,
    fatal.map((o) => o.id),
  );
  const open = fatal.filter((o) => !reviewed.has(o.id)).slice(0, limit);
  await auditRead(deps, actor, {
    action: 'fatality_review.list_candidates',
    subjectType: 'overdose',
    purpose: 'fatality_review',
    details: { records: open.length },
  });
  return open;
}

/** The users an analyst may enrol: active analysts, outreach coordinators and outreach oversight. */
export async function listEligibleMembers(
  deps: FatalityReviewDependencies,
  actor: Actor,
): Promise<{ id: string; name: string; role: Role }[]> {
  authorizeUser(actor, 'fatality_review.manage');
  return activeUsersWithRoles(deps.db, actor.jurisdictionId, memberRoles);
}

/**
 * Enrols a user of the jurisdiction in a review (analysts who manage reviews). Only analysts, outreach
 * coordinators and outreach oversight: any other role (a public safety role above all) is refused with
 * FATALITY_REVIEW_MEMBER_NOT_ELIGIBLE saying why. Audited with the member's id and role, never a name.
 */
export async function enrolMember(
  deps: FatalityReviewDependencies,
  actor: Actor,
  reviewId: string,
  userId: string,
): Promise<ReviewHeader> {
  authorizeUser(actor, 'fatality_review.manage');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { review } = await loadReview(tx, actor, reviewId, true);
    const role = (await activeUserRoles(tx, actor.jurisdictionId, [userId])).get(userId);
    if (role === undefined) {
      throw new SosError('NOT_FOUND', 'No active user by that id in your jurisdiction', { field: 'user_id' });
    }
    if (!(memberRoles as readonly Role[]).includes(role)) {
      const why =
        role === 'public_safety_analyst'
          ? 'a public safety analyst may not be enrolled: the review reads the decedent’s identifiers and outreach records (T3), and identifiable data never flows to public safety'
          : `a user whose role is ${role} may not be enrolled: only analysts, outreach coordinators and outreach oversight read a review's identifiable records`;
      throw new SosError('FATALITY_REVIEW_MEMBER_NOT_ELIGIBLE', `Not enrolled: ${why}`, {
        field: 'user_id',
        role,
      });
    }
    const added = await insertMember(tx, actor.jurisdictionId, review.id, {
      userId,
      enrolledBy: actor.userId,
      enrolledAt: now,
    });
    if (added) {
      await recordAuditEntries(tx, actor.jurisdictionId, now, [
        {
          ...auditActor(actor),
          action: 'fatality_review.enrol_member',
          subjectType: 'fatality_review',
          subjectId: review.id,
          purpose: 'fatality_review',
          details: { member_id: userId, member_role: role },
        },
      ]);
    }
  });
  return readReviewHeader(deps, actor, reviewId);
}

/**
 * Records a member's signed confidentiality agreement: the member signs for themself (typed name and the
 * version shown), or an analyst who manages reviews records a member's paper agreement. The version must
 * be the current one; the text's hash is stored with it. Audited (the member's id, the version and hash,
 * never the typed name).
 */
export async function signAgreement(
  deps: FatalityReviewDependencies,
  actor: Actor,
  reviewId: string,
  input: { userId: string | null; signedName: string; agreementVersion: string },
): Promise<ReviewHeader> {
  const forSelf = input.userId === null || (actor.kind === 'user' && input.userId === actor.userId);
  if (forSelf) authorizeUser(actor, 'fatality_review.read');
  else authorizeUser(actor, 'fatality_review.manage');
  const memberId = input.userId ?? actor.userId;
  if (input.agreementVersion !== confidentialityAgreement.version) {
    throw new SosError('FATALITY_REVIEW_AGREEMENT_OUTDATED', undefined, {
      field: 'agreement_version',
      current: confidentialityAgreement.version,
    });
  }
  const signedName = input.signedName.trim();
  if (signedName.length < 2) {
    throw new SosError('VALIDATION_FAILED', 'signed_name: type your full name to sign', {
      field: 'signed_name',
    });
  }
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { review, members } = await loadReview(tx, actor, reviewId, true);
    if (!members.some((m) => m.userId === memberId)) {
      throw new SosError('FATALITY_REVIEW_NOT_A_MEMBER', undefined, { field: 'user_id' });
    }
    const textHash = agreementTextHash(confidentialityAgreement.text);
    const added = await insertAgreement(tx, actor.jurisdictionId, review.id, {
      userId: memberId,
      agreementVersion: confidentialityAgreement.version,
      textHash,
      signedName,
      signedAt: now,
      recordedBy: actor.userId,
    });
    if (added) {
      await recordAuditEntries(tx, actor.jurisdictionId, now, [
        {
          ...auditActor(actor),
          action: 'fatality_review.sign_agreement',
          subjectType: 'fatality_review',
          subjectId: review.id,
          purpose: 'fatality_review',
          details: {
            member_id: memberId,
            agreement_version: confidentialityAgreement.version,
            text_hash: textHash,
          },
        },
      ]);
    }
  });
  return readReviewHeader(deps, actor, reviewId);
}

/**
 * The confidentiality agreement members sign (version, text and its hash), shown to whoever may read or
 * manage reviews: it holds nothing of any case.
 */
export function readAgreement(actor: Actor): { version: string; text: string; textHash: string } {
  const manages = decideAccess(actor, 'fatality_review.manage').effect === 'allow';
  authorizeUser(actor, manages ? 'fatality_review.manage' : 'fatality_review.read');
  return {
    version: confidentialityAgreement.version,
    text: confidentialityAgreement.text,
    textHash: agreementTextHash(confidentialityAgreement.text),
  };
}
