import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roles } from '../roles.js';
import { describeDevice } from './device-description.js';
import { assertRecentlyAuthenticated } from './reauthentication.js';
import {
  defaultLifetimes,
  type LifetimeOverrides,
  lastUseDue,
  lifetimeFor,
  lifetimeGroupOf,
  sessionState,
} from './session-lifetime.js';

const T0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('session lifetimes', () => {
  it('groups the roles by the data they read, administrators with the analysts', () => {
    // Labelled by hand from DESIGN.md's table of roles.
    const expected: Record<string, string> = {
      administrator: 't2',
      analyst: 't2',
      outreach_coordinator: 't3',
      outreach_worker: 't3',
      service_provider: 't3',
      outreach_oversight: 't3',
      public_safety_analyst: 'other',
      harm_reduction_partner: 'other',
      submitter: 'other',
    };
    for (const role of roles) assert.equal(lifetimeGroupOf(role), expected[role], role);
  });

  it('gives T3 roles a shorter idle timeout and absolute lifetime than T2 roles, and T2 no longer than the CJIS 30 minutes', () => {
    const t3 = lifetimeFor('outreach_worker', null);
    const t2 = lifetimeFor('analyst', null);
    assert.deepEqual(t3, { idleMinutes: 15, absoluteMinutes: 480 });
    assert.deepEqual(t2, { idleMinutes: 30, absoluteMinutes: 720 });
    assert.deepEqual(lifetimeFor('submitter', null), { idleMinutes: 60, absoluteMinutes: 720 });
    assert.ok(t3.idleMinutes < t2.idleMinutes && t3.absoluteMinutes < t2.absoluteMinutes);
  });

  it("takes a jurisdiction's overrides per field, the default for the fields it leaves null", () => {
    const overrides: LifetimeOverrides = {
      t3: { idleMinutes: 10, absoluteMinutes: null },
      t2: { idleMinutes: null, absoluteMinutes: 240 },
      other: { idleMinutes: null, absoluteMinutes: null },
    };
    assert.deepEqual(lifetimeFor('outreach_coordinator', overrides), {
      idleMinutes: 10,
      absoluteMinutes: defaultLifetimes.t3.absoluteMinutes,
    });
    assert.deepEqual(lifetimeFor('administrator', overrides), { idleMinutes: 30, absoluteMinutes: 240 });
    assert.deepEqual(lifetimeFor('harm_reduction_partner', overrides), defaultLifetimes.other);
  });

  it('decides whether a session is alive: revoked, past its expiry, past its absolute lifetime, idle, or alive', () => {
    const lifetime = { idleMinutes: 15, absoluteMinutes: 480 };
    const base = { createdAt: T0, lastUsedAt: T0, expiresAt: at(480), revokedAt: null as Date | null };
    const table: [string, typeof base, Date, string][] = [
      ['just signed in', base, at(0), 'alive'],
      ['used 14 minutes ago', { ...base, lastUsedAt: at(100) }, at(114), 'alive'],
      ['unused for exactly the idle timeout', { ...base, lastUsedAt: at(100) }, at(115), 'idle'],
      ['unused for an hour', base, at(60), 'idle'],
      ['kept busy up to its absolute lifetime', { ...base, lastUsedAt: at(479) }, at(480), 'expired'],
      // A lifetime shortened since sign-in ends the session sooner than its stored expiry.
      [
        'older than a shortened lifetime',
        { ...base, expiresAt: at(720), lastUsedAt: at(479) },
        at(481),
        'expired',
      ],
      // A lifetime lengthened since sign-in does not outlive the stored expiry.
      ['past its stored expiry', { ...base, expiresAt: at(60), lastUsedAt: at(59) }, at(60), 'expired'],
      ['revoked before now', { ...base, revokedAt: at(5) }, at(6), 'revoked'],
      ['revoked only later', { ...base, revokedAt: at(10) }, at(6), 'alive'],
    ];
    for (const [label, session, now, expected] of table) {
      assert.equal(sessionState(session, lifetime, now), expected, label);
    }
  });

  it('records a use at most once a minute', () => {
    assert.equal(lastUseDue(T0, new Date(T0.getTime() + 59_999)), false);
    assert.equal(lastUseDue(T0, at(1)), true);
  });
});

describe('re-authentication', () => {
  const user = (authenticatedAt: Date, reauthenticateWith?: 'password' | 'sso') =>
    ({
      kind: 'user',
      userId: 'u',
      jurisdictionId: 'j',
      role: 'analyst',
      organizationId: null,
      session: {
        id: 's',
        authenticatedAt,
        secondFactorAt: null,
        ...(reauthenticateWith ? { reauthenticateWith } : {}),
      },
    }) as const;

  it('passes within 10 minutes of proving who one is, and asks again after', () => {
    assert.doesNotThrow(() => assertRecentlyAuthenticated(user(T0), at(10)));
    assert.throws(() => assertRecentlyAuthenticated(user(T0), at(10.01)), {
      code: 'REAUTHENTICATION_REQUIRED',
      details: { method: 'password', within_minutes: 10 },
    });
    assert.doesNotThrow(() => assertRecentlyAuthenticated(user(T0), at(30), 30));
  });

  it('tells a user without a password to sign in again through single sign-on', () => {
    assert.throws(() => assertRecentlyAuthenticated(user(T0, 'sso'), at(11)), {
      details: { method: 'sso', within_minutes: 10 },
    });
  });

  it('does not ask actors without a session: jobs, the command line, API keys', () => {
    const { session: _, ...withoutSession } = user(T0);
    assert.doesNotThrow(() => assertRecentlyAuthenticated(withoutSession, at(600)));
    assert.doesNotThrow(() => assertRecentlyAuthenticated({ kind: 'system', label: 'cli' }, at(600)));
    assert.doesNotThrow(() =>
      assertRecentlyAuthenticated(
        { kind: 'api_key', keyId: 'k', jurisdictionId: 'j', organizationId: 'o', scopes: ['submit'] },
        at(600),
      ),
    );
  });
});

describe('devices in words', () => {
  it('names the browser and the operating system of common user agents', () => {
    // User agents as the browsers send them; the expected words written by hand.
    const table: [string | null, string][] = [
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        'Chrome on Windows',
      ],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
        'Edge on Windows',
      ],
      ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox on Linux'],
      [
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
        'Safari on macOS',
      ],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
        'Safari on iPhone',
      ],
      [
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
        'Chrome on Android',
      ],
      [
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
        'Headless Chrome on Linux',
      ],
      ['curl/8.5.0', 'curl'],
      ['lightpanda/1.0', 'Unknown device'],
      [null, 'Unknown device'],
    ];
    for (const [agent, expected] of table) assert.equal(describeDevice(agent), expected, String(agent));
  });
});
