import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Keyring } from '../platform/keyring.js';
import { appendAuditEntries } from './audit/audit-repository.js';
import { authorize } from './authorize.js';
import { secondFactorMissing } from './mfa/mfa-requirement.js';
import {
  type Actor,
  type ApiKeyScope,
  apiKeyScopes,
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
/** API keys start with this, so they are recognisable in logs and secret scanners. */
const API_KEY_PREFIX = 'sos_';

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
   */
  async login(
    email: string,
    password: string,
    client: string,
    deviceCookie: string | null = null,
    userAgent: string | null = null,
  ): Promise<{ token: string; user: UserRecord; deviceCookie: string }> {
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
    const token = newSecret();
    // The role's absolute lifetime caps the session from its start.
    const expiresAt = await sessionExpiresAt(this.db, user.jurisdictionId, user.role, now);
    await this.db.transaction(async (tx) => {
      await insertSession(tx, {
        jurisdictionId: user.jurisdictionId,
        id: newId(),
        tokenHash: hashSecret(token),
        userId: user.id,
        authMethod: 'password',
        secondFactorDue: false,
        secondFactorAt: null,
        userAgent,
        clientAddress: client,
        now,
        expiresAt,
      });
      await appendAuditEntries(tx, user.jurisdictionId, now, [
        {
          actorType: 'user',
          actorId: user.id,
          action: 'auth.login',
          subjectType: 'user',
          subjectId: user.id,
          purpose: null,
          details: { client, known_device: trusted },
        },
      ]);
    });
    return {
      token,
      user,
      deviceCookie: trusted && deviceCookie ? deviceCookie : signDeviceCookie(this.keyring, user.id),
    };
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
    authorize(actor, 'api_key.manage');
    const scopes = [...new Set(input.scopes ?? ['submit'])];
    if (scopes.length === 0) {
      throw new SosError('VALIDATION_FAILED', `An API key has a scope: ${apiKeyScopes.join(', ')}`, {
        field: 'scopes',
      });
    }
    const id = newId();
    const key = `${API_KEY_PREFIX}${newSecret()}`;
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into api_keys (jurisdiction_id, id, organization_id, name, key_hash, scopes)
         values ($1, $2, $3, $4, $5, $6)`,
        [input.jurisdictionId, id, input.organizationId, input.name, hashSecret(key), scopes],
      );
      await appendAuditEntries(tx, input.jurisdictionId, this.clock.now(), [
        {
          ...auditActor(actor),
          action: 'api_key.create',
          subjectType: 'organization',
          subjectId: input.organizationId,
          purpose: null,
          details: { keyId: id, name: input.name, scopes },
        },
      ]);
    });
    return { id, key };
  }

  /** The actor behind an API key, or null when unknown or revoked. */
  async actorForApiKey(key: string): Promise<Actor | null> {
    if (!key.startsWith(API_KEY_PREFIX)) return null;
    const [row] = await this.db.query<{
      jurisdiction_id: string;
      id: string;
      organization_id: string;
      scopes: string[];
    }>(
      'select jurisdiction_id, id, organization_id, scopes from api_keys where key_hash = $1 and revoked_at is null',
      [hashSecret(key)],
    );
    if (!row) return null;
    return {
      kind: 'api_key',
      keyId: row.id,
      jurisdictionId: row.jurisdiction_id,
      organizationId: row.organization_id,
      scopes: row.scopes,
    };
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
