import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Keyring } from '../platform/keyring.js';
import { actorOfApiKey, issueApiKey } from './api-keys/api-key-service.js';
import { appendAuditEntries } from './audit/audit-repository.js';
import { authorize } from './authorize.js';
import { secondFactorMissing } from './mfa/mfa-requirement.js';
import {
  type SecondFactorMethod,
  type SecondFactorStep,
  secondFactorStep,
} from './mfa/second-factor-step.js';
import {
  type Actor,
  type ApiKeyScope,
  auditActor,
  organizationBoundRoles,
  type Role,
  roles,
} from './roles.js';
import { sessionExpiresAt } from './sessions/session-expiry.js';
import {
  LAST_USED_PRECISION_MS,
  lastUseDue,
  lifetimeBounds,
  lifetimeFor,
  sessionState,
} from './sessions/session-lifetime.js';
import {
  findLiveSession,
  insertSession,
  revokeSession,
  touchSession,
} from './sessions/session-repository.js';
import { readDeviceCookie, signDeviceCookie } from './users/device-cookie.js';
import { generatePassword, hashPassword, verifyPassword } from './users/password.js';
import { assertStrongPassword } from './users/password-policy.js';
import { hashSecret, newSecret } from './users/secret-token.js';
import { SignInThrottle, type ThrottleSubject } from './users/sign-in-throttle.js';
import {
  administratorExists,
  findUserByEmail,
  insertUser,
  normalizeEmail,
  type UserRecord,
} from './users/user-repository.js';

/** The longest a session cookie is kept by the browser; each role's lifetime (session-lifetime.ts) ends it sooner on the server. */
export const SESSION_MS = lifetimeBounds.maxMinutes * 60_000;

// A hash of a random password, checked when the email is unknown so that the answer takes as long as
// for a real account and does not tell which emails exist.
const DECOY_HASH = hashPassword(generatePassword());

/** Sign-in, sessions, users and API keys. */
export class AccessService {
  private readonly throttle: SignInThrottle;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly keyring: Keyring,
  ) {
    this.throttle = new SignInThrottle(db, keyring);
  }

  /**
   * Checks a password and opens a session; returns the session token (for the cookie) once, and the
   * signed device cookie that lets this device past the account's failure count next time.
   *
   * Known and unknown emails go the same way (failures counted per email, a password hash checked,
   * the same answers), so the answers never tell whether an account exists. Failures are counted per
   * client address and per email; a device holding this user's cookie is counted on its own instead,
   * so that someone guessing an account's password cannot lock its owner out.
   *
   * A user with a second factor gets a session that owes it (`secondFactor` says by which methods)
   * unless the remembered-device cookie names a device the user chose to remember.
   */
  async login(
    email: string,
    password: string,
    client: string,
    deviceCookie: string | null = null,
    userAgent: string | null = null,
    rememberedDevice: string | null = null,
  ): Promise<{
    token: string;
    user: UserRecord;
    deviceCookie: string;
    secondFactor: { methods: SecondFactorMethod[] } | null;
  }> {
    const now = this.clock.now();
    const user = await findUserByEmail(this.db, email);
    const device = deviceCookie ? readDeviceCookie(this.keyring, deviceCookie) : null;
    const trusted = device !== null && user !== null && device.userId === user.id;
    const subjects: ThrottleSubject[] = trusted
      ? [{ kind: 'device', value: device.deviceId }]
      : [
          { kind: 'address', value: client },
          { kind: 'account', value: normalizeEmail(email) },
        ];
    const waitUntil = await this.throttle.claimAttempt(subjects, now);
    if (waitUntil) {
      const seconds = Math.ceil((waitUntil.getTime() - now.getTime()) / 1000);
      throw new SosError(
        'RATE_LIMITED',
        `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minute(s), or from a device where you signed in before`,
        { retry_after_seconds: seconds },
      );
    }
    // A user with no password (single sign-on only, or an invitation not taken up) is checked against
    // the decoy too, so that the answer takes as long and is as wrong as for an unknown email.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await DECOY_HASH));
    if (!user?.passwordHash || !matches || user.disabledAt) {
      if (user) {
        await this.db.transaction((tx) =>
          appendAuditEntries(tx, user.jurisdictionId, now, [
            {
              actorType: 'user',
              actorId: user.id,
              action: 'auth.login_failed',
              subjectType: 'user',
              subjectId: user.id,
              purpose: null,
              details: { client, known_device: trusted },
            },
          ]),
        );
      }
      throw new SosError('INVALID_CREDENTIALS');
    }
    await this.throttle.attemptSucceeded(subjects, now);
    const step = await secondFactorStep(this.db, this.keyring, user, rememberedDevice, now);
    const token = await this.db.transaction(async (tx) => {
      const opened = await this.startSession(tx, user, { client, userAgent }, now, step);
      await appendAuditEntries(tx, user.jurisdictionId, now, [
        {
          actorType: 'user',
          actorId: user.id,
          action: 'auth.login',
          subjectType: 'user',
          subjectId: user.id,
          purpose: null,
          details: { client, known_device: trusted, second_factor_due: step.due },
        },
      ]);
      return opened;
    });
    return {
      token,
      user,
      deviceCookie: trusted && deviceCookie ? deviceCookie : signDeviceCookie(this.keyring, user.id),
      secondFactor: step.due ? { methods: step.methods } : null,
    };
  }

  /**
   * Opens a password session for a user who just proved who they are (sign-in, an invitation taken up)
   * inside the caller's transaction; returns its token, for the cookie, once. `secondFactor` says
   * whether the user still owes a second factor, or when a remembered device gave one (a user taking up
   * an invitation has none yet). The role's absolute lifetime caps the session from its start.
   */
  async startSession(
    tx: Queryable,
    user: UserRecord,
    device: { client: string; userAgent: string | null },
    now: Date,
    secondFactor: SecondFactorStep = { due: false, givenAt: null },
  ): Promise<string> {
    const token = newSecret();
    await insertSession(tx, {
      jurisdictionId: user.jurisdictionId,
      id: newId(),
      tokenHash: hashSecret(token),
      userId: user.id,
      authMethod: 'password',
      secondFactorDue: secondFactor.due,
      secondFactorAt: secondFactor.due ? null : secondFactor.givenAt,
      userAgent: device.userAgent,
      clientAddress: device.client,
      now,
      expiresAt: await sessionExpiresAt(tx, user.jurisdictionId, user.role, now),
    });
    return token;
  }

  /**
   * The actor behind a session token, or null when the session is unknown, expired, idle past its
   * role's timeout or revoked, or still owes a second factor. The actor says whether a second factor
   * its jurisdiction requires is missing, so the policy can refuse T2 and T3 data. A use is recorded
   * at most once a minute.
   */
  async actorForSession(token: string): Promise<Actor | null> {
    const now = this.clock.now();
    const session = await findLiveSession(this.db, hashSecret(token), now);
    if (!session || session.secondFactorDue) return null;
    const { user } = session;
    const lifetime = lifetimeFor(user.role, session.lifetimes);
    if (sessionState({ ...session, revokedAt: null }, lifetime, now) !== 'alive') return null;
    if (lastUseDue(session.lastUsedAt, now)) {
      await touchSession(this.db, session.jurisdictionId, session.id, now, LAST_USED_PRECISION_MS);
    }
    return {
      kind: 'user',
      userId: user.id,
      jurisdictionId: user.jurisdictionId,
      role: user.role,
      organizationId: user.organizationId,
      mfaMissing: secondFactorMissing({
        role: user.role,
        jurisdictionRequiresMfa: session.mfaRequired,
        secondFactorAt: session.secondFactorAt,
      }),
      session: {
        id: session.id,
        authenticatedAt: session.authenticatedAt,
        secondFactorAt: session.secondFactorAt,
        reauthenticateWith: user.passwordHash === null ? 'sso' : 'password',
      },
    };
  }

  /** Ends a session. */
  async logout(token: string): Promise<void> {
    await revokeSession(this.db, hashSecret(token), this.clock.now());
  }

  /** Creates a user; an administrator's act, audited. */
  async createUser(
    actor: Actor,
    input: {
      jurisdictionId: string;
      email: string;
      displayName: string;
      role: Role;
      organizationId: string | null;
      password: string;
    },
  ): Promise<{ id: string }> {
    authorize(actor, 'user.manage');
    if (!roles.includes(input.role)) throw new SosError('VALIDATION_FAILED', `Unknown role "${input.role}"`);
    if (organizationBoundRoles.includes(input.role) && input.organizationId === null)
      throw new SosError('VALIDATION_FAILED', `A ${input.role} user belongs to an organization`, {
        field: 'organization_id',
      });
    if (!/^[^\s@]+@[^\s@]+$/.test(normalizeEmail(input.email)))
      throw new SosError('VALIDATION_FAILED', `"${input.email}" is not an email address`, { field: 'email' });
    assertStrongPassword(input.password, input.email);
    const id = newId();
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction(async (tx) => {
      await insertUser(tx, { ...input, id, passwordHash });
      await appendAuditEntries(tx, input.jurisdictionId, this.clock.now(), [
        {
          ...auditActor(actor),
          action: 'user.create',
          subjectType: 'user',
          subjectId: id,
          purpose: null,
          details: { role: input.role, email: input.email },
        },
      ]);
    });
    return { id };
  }

  /**
   * Issues an API key for an organization's system, with its scopes (`submit` by default; `referrals`
   * answers the referrals sent to the organization); the key is returned once, only its hash is kept.
   */
  async createApiKey(
    actor: Actor,
    input: { jurisdictionId: string; organizationId: string; name: string; scopes?: readonly ApiKeyScope[] },
  ): Promise<{ id: string; key: string }> {
    const issued = await issueApiKey({ db: this.db, clock: this.clock }, actor, input);
    return { id: issued.api_key.id, key: issued.key };
  }

  /** The actor behind an API key, or null when unknown, revoked or expired (its use noted once a minute). */
  async actorForApiKey(key: string): Promise<Actor | null> {
    return actorOfApiKey(this.db, key, this.clock.now());
  }

  /**
   * On first start, creates the administrator from SOS_ADMIN_EMAIL and SOS_ADMIN_PASSWORD when both
   * are set, otherwise with a generated password that is returned (to print once) and never stored.
   */
  async ensureFirstAdministrator(
    jurisdictionId: string,
    email: string | null,
    password: string | null,
  ): Promise<{ email: string; generatedPassword: string | null } | null> {
    if (await administratorExists(this.db)) return null;
    if (email && password) assertStrongPassword(password, email, 'SOS_ADMIN_PASSWORD');
    const chosen =
      email && password
        ? { email, password }
        : { email: email ?? 'admin@sos.local', password: generatePassword([email ?? 'admin@sos.local']) };
    await this.createUser(
      { kind: 'system', label: 'first-start' },
      {
        jurisdictionId,
        email: chosen.email,
        displayName: 'Administrator',
        role: 'administrator',
        organizationId: null,
        password: chosen.password,
      },
    );
    return { email: chosen.email, generatedPassword: email && password ? null : chosen.password };
  }
}
