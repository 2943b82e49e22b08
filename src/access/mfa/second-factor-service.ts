import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import QRCode from 'qrcode';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Keyring } from '../../platform/keyring.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import { authorizeUser, type SignedInUser } from '../authorize.js';
import { type Actor, auditActor, type Role } from '../roles.js';
import { assertRecentlyAuthenticated } from '../sessions/reauthentication.js';
import { roleNeedsSecondFactor } from './mfa-requirement.js';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import type { RelyingParty } from './relying-party.js';
import {
  claimTotpStep,
  countRecoveryCodesLeft,
  deleteSecondFactor,
  type FactorOwner,
  findFactorOwner,
  findSecondFactor,
  insertPasskey,
  insertPendingTotp,
  listSecondFactors,
  replaceRecoveryCodes,
  resetSecondFactors,
  type SecondFactorRecord,
  saveWebauthnChallenge,
  takeWebauthnChallenge,
} from './second-factor-repository.js';
import { countEnrolmentAsSecondFactor } from './second-factor-session.js';
import { acceptedTotpStep, base32Encode, newTotpSecret, otpauthUri } from './totp.js';

/** How long a WebAuthn challenge may be answered. */
export const WEBAUTHN_CHALLENGE_MS = 5 * 60_000;

/** A user's second factors as the Account page lists them. */
export interface SecondFactorList {
  factors: SecondFactorRecord[];
  recoveryCodesLeft: number;
  /** The jurisdiction requires a second factor of the user's role: the last one cannot be removed. */
  required: boolean;
}

/** A TOTP enrolment begun: what the authenticator app is given, once. */
export interface TotpEnrolment {
  id: string;
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** One's own second factors (enrol, list, remove, recovery codes) and an administrator's reset. */
export class SecondFactorService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly keyring: Keyring,
  ) {}

  /** The user's confirmed factors, unused recovery codes, and whether a factor is required. */
  async list(actor: Actor): Promise<SecondFactorList> {
    authorizeUser(actor, 'account.manage_own');
    const owner = await this.owner(this.db, actor);
    return {
      factors: await listSecondFactors(this.db, actor.jurisdictionId, actor.userId),
      recoveryCodesLeft: await countRecoveryCodesLeft(this.db, actor.jurisdictionId, actor.userId),
      required: factorRequired(owner),
    };
  }

  /** Begins a TOTP enrolment: a new secret, sealed at rest, shown once as text, URI and QR code. */
  async startTotp(actor: Actor, name: string): Promise<TotpEnrolment> {
    authorizeUser(actor, 'account.manage_own');
    const owner = await this.owner(this.db, actor);
    const secret = newTotpSecret();
    const { keyId, sealed } = this.keyring.seal(secret.toString('base64'));
    const id = newId();
    await insertPendingTotp(this.db, {
      jurisdictionId: actor.jurisdictionId,
      id,
      userId: actor.userId,
      name,
      keyId,
      sealed,
      now: this.clock.now(),
    });
    const uri = otpauthUri(secret, 'SOS', owner.email);
    return {
      id,
      secret: base32Encode(secret),
      otpauthUri: uri,
      qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
    };
  }

  /**
   * Confirms a TOTP enrolment with a code from the app. Returns the recovery codes, once, when the
   * user had none left; the session then counts as having given a second factor.
   */
  async confirmTotp(actor: Actor, id: string, code: string): Promise<{ recoveryCodes: string[] | null }> {
    authorizeUser(actor, 'account.manage_own');
    const now = this.clock.now();
    const factor = await findSecondFactor(this.db, actor.jurisdictionId, actor.userId, id);
    if (factor?.kind !== 'totp' || factor.confirmedAt)
      throw new SosError('NOT_FOUND', `No TOTP enrolment ${id} awaits a code`);
    const secret = openTotpSecret(this.keyring, factor);
    const step = acceptedTotpStep(secret, code, now, factor.totpLastStep);
    return this.db.transaction(async (tx) => {
      if (step === null || !(await claimTotpStep(tx, actor.jurisdictionId, id, step, now)))
        throw new SosError(
          'SECOND_FACTOR_INVALID',
          'The code does not match: type the one your app shows now',
        );
      return this.finishEnrolment(tx, actor, factor.id, 'totp', factor.name, now);
    });
  }

  /** Options for the browser to make a passkey for this user (its challenge kept for the session). */
  async passkeyRegistrationOptions(
    actor: Actor,
    rp: RelyingParty,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    authorizeUser(actor, 'account.manage_own');
    const sessionId = sessionOf(actor);
    const owner = await this.owner(this.db, actor);
    const existing = (await listSecondFactors(this.db, actor.jurisdictionId, actor.userId)).filter(
      (f) => f.kind === 'webauthn',
    );
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName: owner.email,
      userDisplayName: owner.displayName,
      userID: new TextEncoder().encode(owner.id),
      attestationType: 'none',
      excludeCredentials: existing.map((f) => ({ id: f.webauthnCredentialId as string })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await saveWebauthnChallenge(this.db, {
      jurisdictionId: actor.jurisdictionId,
      sessionId,
      ceremony: 'register',
      challenge: options.challenge,
      expiresAt: new Date(this.clock.now().getTime() + WEBAUTHN_CHALLENGE_MS),
    });
    return options;
  }

  /** Stores the passkey the browser made for the session's open challenge. */
  async registerPasskey(
    actor: Actor,
    rp: RelyingParty,
    response: RegistrationResponseJSON,
    name: string,
  ): Promise<{ recoveryCodes: string[] | null }> {
    authorizeUser(actor, 'account.manage_own');
    const sessionId = sessionOf(actor);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const challenge = await takeWebauthnChallenge(tx, actor.jurisdictionId, sessionId, 'register', now);
      if (!challenge)
        throw new SosError('SECOND_FACTOR_INVALID', 'No passkey enrolment is open: start it again');
      const verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: false,
      }).catch((error: unknown) => {
        throw new SosError(
          'SECOND_FACTOR_INVALID',
          `The passkey was not accepted: ${(error as Error).message}`,
        );
      });
      if (!verified.verified) throw new SosError('SECOND_FACTOR_INVALID', 'The passkey was not accepted');
      const { credential } = verified.registrationInfo;
      const id = newId();
      await insertPasskey(tx, {
        jurisdictionId: actor.jurisdictionId,
        id,
        userId: actor.userId,
        name,
        credentialId: credential.id,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: credential.transports ?? [],
        now,
      });
      return this.finishEnrolment(tx, actor, id, 'webauthn', name, now);
    });
  }

  /** New recovery codes in place of the old ones, shown once; asks for a recent sign-in. */
  async regenerateRecoveryCodes(actor: Actor): Promise<{ recoveryCodes: string[] }> {
    authorizeUser(actor, 'account.manage_own');
    const now = this.clock.now();
    assertRecentlyAuthenticated(actor, now);
    return this.db.transaction(async (tx) => {
      if ((await listSecondFactors(tx, actor.jurisdictionId, actor.userId)).length === 0)
        throw new SosError('VALIDATION_FAILED', 'Recovery codes come with a second factor: add one first');
      const recoveryCodes = await this.replaceCodes(tx, actor, now);
      await this.audit(tx, actor, now, 'mfa.recovery_codes', actor.userId, { count: recoveryCodes.length });
      return { recoveryCodes };
    });
  }

  /** Removes one of the user's factors, unless it is the last and the jurisdiction requires one. */
  async remove(actor: Actor, id: string): Promise<void> {
    authorizeUser(actor, 'account.manage_own');
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const owner = await this.owner(tx, actor);
      const factors = await listSecondFactors(tx, actor.jurisdictionId, actor.userId, {
        includePending: true,
      });
      const factor = factors.find((f) => f.id === id);
      if (!factor) throw new SosError('NOT_FOUND', `You have no second factor ${id}`);
      const confirmedOthers = factors.filter((f) => f.id !== id && f.confirmedAt !== null);
      if (factor.confirmedAt && confirmedOthers.length === 0 && factorRequired(owner))
        throw new SosError('LAST_SECOND_FACTOR');
      await deleteSecondFactor(tx, actor.jurisdictionId, actor.userId, id);
      // Recovery codes stand in for factors: with none left, they would open what no factor guards.
      if (confirmedOthers.length === 0)
        await replaceRecoveryCodes(tx, actor.jurisdictionId, actor.userId, [], now);
      await this.audit(tx, actor, now, 'mfa.remove', actor.userId, { factor_id: id, kind: factor.kind });
    });
  }

  /**
   * An administrator's reset of a user's second factors (a lost phone): removes the factors, the
   * recovery codes and the remembered devices, and revokes the user's sessions. Audited `mfa.reset`.
   */
  async reset(actor: Actor, userId: string): Promise<{ factorsRemoved: number; sessionsRevoked: number }> {
    authorizeUser(actor, 'user.manage');
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      if (!(await findFactorOwner(tx, actor.jurisdictionId, userId)))
        throw new SosError('NOT_FOUND', `No user ${userId} in your jurisdiction`);
      const { factors, sessions } = await resetSecondFactors(tx, actor.jurisdictionId, userId, now);
      await this.audit(tx, actor, now, 'mfa.reset', userId, {
        factors_removed: factors,
        sessions_revoked: sessions,
      });
      return { factorsRemoved: factors, sessionsRevoked: sessions };
    });
  }

  /** The end of every enrolment: audited; recovery codes if the user has none; the session counts. */
  private async finishEnrolment(
    tx: Queryable,
    actor: SignedInUser,
    factorId: string,
    kind: SecondFactorRecord['kind'],
    name: string,
    now: Date,
  ): Promise<{ recoveryCodes: string[] | null }> {
    const recoveryCodes =
      (await countRecoveryCodesLeft(tx, actor.jurisdictionId, actor.userId)) === 0
        ? await this.replaceCodes(tx, actor, now)
        : null;
    if (actor.session) await countEnrolmentAsSecondFactor(tx, actor.jurisdictionId, actor.session.id, now);
    await this.audit(tx, actor, now, 'mfa.enrol', actor.userId, { factor_id: factorId, kind, name });
    return { recoveryCodes };
  }

  private async replaceCodes(tx: Queryable, actor: SignedInUser, now: Date): Promise<string[]> {
    const codes = newRecoveryCodes();
    await replaceRecoveryCodes(
      tx,
      actor.jurisdictionId,
      actor.userId,
      codes.map((code) => recoveryCodeHash(actor.userId, code)),
      now,
    );
    return codes;
  }

  private async owner(db: Queryable, actor: SignedInUser): Promise<FactorOwner> {
    const owner = await findFactorOwner(db, actor.jurisdictionId, actor.userId);
    if (!owner) throw new SosError('UNAUTHENTICATED');
    return owner;
  }

  private async audit(
    tx: Queryable,
    actor: SignedInUser,
    now: Date,
    action: string,
    userId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await appendAuditEntries(tx, actor.jurisdictionId, now, [
      { ...auditActor(actor), action, subjectType: 'user', subjectId: userId, purpose: null, details },
    ]);
  }
}

/** A TOTP factor's secret, opened from its sealed column. */
export function openTotpSecret(keyring: Keyring, factor: SecondFactorRecord): Buffer {
  if (!factor.totpSecretKeyId || !factor.totpSecretSealed)
    throw new Error(`Factor ${factor.id} has no TOTP secret`);
  return Buffer.from(keyring.open<string>(factor.totpSecretKeyId, factor.totpSecretSealed), 'base64');
}

/** Whether the owner's jurisdiction requires a second factor of the owner's role. */
function factorRequired(owner: FactorOwner): boolean {
  return owner.jurisdictionRequiresMfa && roleNeedsSecondFactor(owner.role as Role);
}

/** The session a WebAuthn ceremony belongs to; a passkey is made in the browser, in a session. */
function sessionOf(actor: SignedInUser): string {
  if (!actor.session) throw new SosError('FORBIDDEN', 'Passkeys are added from a signed-in browser');
  return actor.session.id;
}
