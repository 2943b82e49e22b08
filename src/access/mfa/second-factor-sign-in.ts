import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import type { Keyring } from '../../platform/keyring.js';
import { appendAuditEntries } from '../audit/audit-repository.js';
import { findLiveSession, type LiveSession } from '../sessions/session-repository.js';
import { readDeviceCookie } from '../users/device-cookie.js';
import { hashSecret } from '../users/secret-token.js';
import { SignInThrottle, type ThrottleSubject } from '../users/sign-in-throttle.js';
import { normalizeEmail, type UserRecord } from '../users/user-repository.js';
import { recoveryCodeHash } from './recovery-codes.js';
import type { RelyingParty } from './relying-party.js';
import { newRememberedDeviceCookie, REMEMBER_DEVICE_DAYS } from './remembered-device.js';
import {
  claimTotpStep,
  insertRememberedDevice,
  listSecondFactors,
  notePasskeyUse,
  saveWebauthnChallenge,
  takeWebauthnChallenge,
  useRecoveryCode,
} from './second-factor-repository.js';
import { openTotpSecret, WEBAUTHN_CHALLENGE_MS } from './second-factor-service.js';
import { markSecondFactorGiven } from './second-factor-session.js';
import type { SecondFactorMethod } from './second-factor-step.js';
import { acceptedTotpStep } from './totp.js';

/** Where a second-factor attempt comes from: the session cookie, the client, the sign-in device cookie. */
export interface SecondFactorAttempt {
  sessionToken: string | null;
  client: string;
  deviceCookie: string | null;
}

/** A second factor given: the user, and the cookie of the device to remember (when asked). */
export interface SecondFactorGiven {
  user: UserRecord;
  rememberedDeviceCookie: string | null;
}

/**
 * The second step of a sign-in: a session that owes a second factor gives it by TOTP code, recovery
 * code or passkey. Failures are counted by the sign-in throttle, against the same subjects as
 * passwords, so a stolen password does not buy unlimited guesses at the codes.
 */
export class SecondFactorSignIn {
  private readonly throttle: SignInThrottle;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly keyring: Keyring,
  ) {
    this.throttle = new SignInThrottle(db, keyring);
  }

  /** Gives a TOTP code; `remember` keeps this device free of the step for a while. */
  async withTotp(attempt: SecondFactorAttempt, code: string, remember: boolean): Promise<SecondFactorGiven> {
    return this.attempt(attempt, 'totp', remember, async (tx, session, now) => {
      const factors = await listSecondFactors(tx, session.jurisdictionId, session.user.id);
      for (const factor of factors.filter((f) => f.kind === 'totp')) {
        const step = acceptedTotpStep(openTotpSecret(this.keyring, factor), code, now, factor.totpLastStep);
        if (step !== null && (await claimTotpStep(tx, session.jurisdictionId, factor.id, step, now)))
          return true;
      }
      return false;
    });
  }

  /** Gives a recovery code, which is used up. */
  async withRecoveryCode(attempt: SecondFactorAttempt, code: string): Promise<SecondFactorGiven> {
    return this.attempt(attempt, 'recovery_code', false, (tx, session, now) =>
      useRecoveryCode(
        tx,
        session.jurisdictionId,
        session.user.id,
        recoveryCodeHash(session.user.id, code),
        now,
      ),
    );
  }

  /** Options for the browser to sign with one of the user's passkeys (the challenge kept for the session). */
  async passkeyOptions(
    sessionToken: string | null,
    rp: RelyingParty,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const now = this.clock.now();
    const session = await this.dueSession(sessionToken, now);
    const passkeys = (await listSecondFactors(this.db, session.jurisdictionId, session.user.id)).filter(
      (f) => f.kind === 'webauthn',
    );
    if (passkeys.length === 0) throw new SosError('VALIDATION_FAILED', 'You have no passkey: use your code');
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      allowCredentials: passkeys.map((f) => ({
        id: f.webauthnCredentialId as string,
        transports: (f.webauthnTransports ?? []) as AuthenticatorTransportFuture[],
      })),
      userVerification: 'preferred',
    });
    await saveWebauthnChallenge(this.db, {
      jurisdictionId: session.jurisdictionId,
      sessionId: session.id,
      ceremony: 'authenticate',
      challenge: options.challenge,
      expiresAt: new Date(now.getTime() + WEBAUTHN_CHALLENGE_MS),
    });
    return options;
  }

  /** Gives a passkey's signature over the session's open challenge. */
  async withPasskey(
    attempt: SecondFactorAttempt,
    rp: RelyingParty,
    response: AuthenticationResponseJSON,
    remember: boolean,
  ): Promise<SecondFactorGiven> {
    return this.attempt(attempt, 'webauthn', remember, async (tx, session, now) => {
      const challenge = await takeWebauthnChallenge(
        tx,
        session.jurisdictionId,
        session.id,
        'authenticate',
        now,
      );
      const passkey = (await listSecondFactors(tx, session.jurisdictionId, session.user.id)).find(
        (f) => f.kind === 'webauthn' && f.webauthnCredentialId === response.id,
      );
      if (!challenge || !passkey) return false;
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        requireUserVerification: false,
        credential: {
          id: passkey.webauthnCredentialId as string,
          publicKey: new Uint8Array(passkey.webauthnPublicKey as Uint8Array),
          counter: passkey.webauthnCounter ?? 0,
          transports: (passkey.webauthnTransports ?? []) as AuthenticatorTransportFuture[],
        },
      }).catch(() => ({ verified: false as const, authenticationInfo: null }));
      if (!verified.verified || !verified.authenticationInfo) return false;
      await notePasskeyUse(
        tx,
        session.jurisdictionId,
        passkey.id,
        verified.authenticationInfo.newCounter,
        now,
      );
      return true;
    });
  }

  /** The session owing a second factor that the cookie names, else SECOND_FACTOR_NOT_DUE. */
  private async dueSession(sessionToken: string | null, now: Date): Promise<LiveSession> {
    const session = sessionToken ? await findLiveSession(this.db, hashSecret(sessionToken), now) : null;
    if (!session?.secondFactorDue) throw new SosError('SECOND_FACTOR_NOT_DUE');
    return session;
  }

  /**
   * One attempt at the second step: throttled first; `check` runs in the transaction that, when it
   * holds, marks the session's second factor given (and remembers the device); audited either way.
   */
  private async attempt(
    attempt: SecondFactorAttempt,
    method: SecondFactorMethod,
    remember: boolean,
    check: (tx: Queryable, session: LiveSession, now: Date) => Promise<boolean>,
  ): Promise<SecondFactorGiven> {
    const now = this.clock.now();
    const session = await this.dueSession(attempt.sessionToken, now);
    const { user } = session;
    const device = attempt.deviceCookie ? readDeviceCookie(this.keyring, attempt.deviceCookie) : null;
    const subjects: ThrottleSubject[] =
      device?.userId === user.id
        ? [{ kind: 'device', value: device.deviceId }]
        : [
            { kind: 'address', value: attempt.client },
            { kind: 'account', value: normalizeEmail(user.email) },
          ];
    const waitUntil = await this.throttle.claimAttempt(subjects, now);
    if (waitUntil) {
      const seconds = Math.ceil((waitUntil.getTime() - now.getTime()) / 1000);
      throw new SosError(
        'RATE_LIMITED',
        `Too many wrong codes; try again in ${Math.ceil(seconds / 60)} minute(s)`,
        { retry_after_seconds: seconds },
      );
    }
    const remembered = remember ? newRememberedDeviceCookie(this.keyring) : null;
    const given = await this.db.transaction(async (tx) => {
      const ok = await check(tx, session, now);
      if (ok) {
        await markSecondFactorGiven(tx, session.jurisdictionId, session.id, now);
        if (remembered) {
          await insertRememberedDevice(tx, {
            jurisdictionId: session.jurisdictionId,
            tokenHash: remembered.tokenHash,
            userId: user.id,
            now,
            expiresAt: new Date(now.getTime() + REMEMBER_DEVICE_DAYS * 24 * 3_600_000),
          });
        }
      }
      return ok;
    });
    // The failure's audit entry is written apart, so that it stays when the check's changes roll back.
    await this.db.transaction((tx) =>
      appendAuditEntries(tx, session.jurisdictionId, now, [
        {
          actorType: 'user',
          actorId: user.id,
          action: given ? 'auth.second_factor' : 'auth.second_factor_failed',
          subjectType: 'user',
          subjectId: user.id,
          purpose: null,
          details: { method, client: attempt.client, remember_device: given && remember },
        },
      ]),
    );
    if (!given) throw new SosError('SECOND_FACTOR_INVALID');
    await this.throttle.attemptSucceeded(subjects, now);
    return { user, rememberedDeviceCookie: remembered?.cookie ?? null };
  }
}
