import assert from 'node:assert/strict';
import { after, before, beforeEach, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { AccessService } from '../../src/access/access-service.js';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';

const MINUTE = 60_000;

describeEachEngine('sign-in throttling', (engine) => {
  let now = new Date('2025-03-03T12:00:00Z');
  const clock = { now: () => now };
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdictionId: string;
  let users = 0;

  before(async () => {
    context = await openTestContext(engine, { clock });
    jurisdictionId = (await seedJurisdiction(context.db)).jurisdiction.id;
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });
  // Each test starts an hour later: the addresses' failures are forgotten, and fresh users are used.
  beforeEach(() => {
    now = new Date(now.getTime() + 60 * MINUTE);
  });

  /** A new user and its email. */
  async function newUser(): Promise<string> {
    const email = `user${++users}@example.org`;
    await context.access.createUser(cliActor, {
      jurisdictionId,
      email,
      displayName: email,
      role: 'analyst',
      organizationId: null,
      password: TEST_PASSWORD,
    });
    return email;
  }

  let address = 0;
  /** A different client address each call unless one is given. */
  const nextAddress = () => `198.51.100.${++address % 250}`;
  const login = (email: string, password: string, options: { device?: string; from?: string } = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: options.from ?? nextAddress(),
      headers: options.device ? { cookie: `sos_device=${options.device}` } : {},
    });
  /** What a client can tell from an answer: status, code, message and when to come back. */
  const answer = (r: Awaited<ReturnType<typeof login>>) => [
    r.statusCode,
    r.json().error?.code,
    r.json().error?.message,
    r.headers['retry-after'],
  ];
  const deviceOf = (r: Awaited<ReturnType<typeof login>>) =>
    /sos_device=([^;]+)/.exec(String(r.headers['set-cookie']))?.[1] as string;

  it('does not let anyone lock the owner out: the device that signed in before still gets in', async () => {
    const email = await newUser();
    const first = await login(email, TEST_PASSWORD);
    assert.equal(first.statusCode, 200);
    const device = deviceOf(first);
    assert.ok(device, 'a successful sign-in sets the device cookie');
    assert.match(
      String(first.headers['set-cookie']),
      /sos_device=[^;]+; Max-Age=\d+; Path=\/api\/v1\/auth; HttpOnly; SameSite=Strict/,
    );
    for (let i = 0; i < 20; i++) await login(email, `attacker guess ${i}`);
    const elsewhere = await login(email, TEST_PASSWORD);
    assert.equal(elsewhere.statusCode, 429, 'a new device waits, even with the right password');
    const owner = await login(email, TEST_PASSWORD, { device });
    assert.equal(owner.statusCode, 200, owner.body);
    assert.equal(deviceOf(owner), device, 'the device keeps its cookie');
  });

  it('answers a known and an unknown email alike, attempt after attempt', async () => {
    const known = await newUser();
    const disabled = await newUser();
    await context.db.query('update users set disabled_at = now() where email = $1', [disabled]);
    const answers = async (email: string) => {
      const seen = [];
      for (let i = 0; i < 7; i++) seen.push(answer(await login(email, `wrong password ${i}`)));
      return seen;
    };
    const forKnown = await answers(known);
    assert.deepEqual(
      forKnown.slice(0, 5),
      Array(5).fill([401, 'INVALID_CREDENTIALS', 'Email or password is wrong', undefined]),
    );
    assert.equal(forKnown[5]?.[0], 429);
    assert.equal(forKnown[5]?.[3], '60');
    assert.deepEqual(await answers('nobody.here@example.org'), forKnown);
    assert.deepEqual(await answers(disabled), forKnown);
  });

  it('doubles the wait after each failure past the free ones, up to 15 minutes', async () => {
    const email = await newUser();
    for (let i = 0; i < 5; i++) assert.equal((await login(email, 'not the password')).statusCode, 401);
    const waits: string[] = [];
    for (let i = 0; i < 6; i++) {
      const blocked = await login(email, 'not the password');
      assert.equal(blocked.statusCode, 429);
      waits.push(String(blocked.headers['retry-after']));
      now = new Date(now.getTime() + Number(blocked.headers['retry-after']) * 1000);
      assert.equal((await login(email, 'not the password')).statusCode, 401, 'one try once the wait is over');
    }
    assert.deepEqual(waits, ['60', '120', '240', '480', '900', '900']);
    now = new Date(now.getTime() + 15 * MINUTE);
    assert.equal((await login(email, TEST_PASSWORD)).statusCode, 200);
    assert.equal((await login(email, 'not the password')).statusCode, 401, 'a success forgets the failures');
  });

  it("gives each device its own limit, and trusts neither another user's device nor a forged cookie", async () => {
    const owner = await newUser();
    const other = await newUser();
    const device = deviceOf(await login(owner, TEST_PASSWORD));
    const otherDevice = deviceOf(await login(other, TEST_PASSWORD));
    for (let i = 0; i < 5; i++) assert.equal((await login(owner, 'typo', { device })).statusCode, 401);
    assert.equal(
      (await login(owner, TEST_PASSWORD, { device })).statusCode,
      429,
      'the device is throttled too',
    );
    now = new Date(now.getTime() + MINUTE);
    assert.equal((await login(owner, TEST_PASSWORD, { device })).statusCode, 200);

    for (let i = 0; i < 5; i++) await login(owner, 'attacker guess');
    assert.equal((await login(owner, TEST_PASSWORD, { device: otherDevice })).statusCode, 429);
    const [user, id, signature] = device.split('.');
    const forged = `${user}.${id}x.${signature}`;
    assert.equal((await login(owner, TEST_PASSWORD, { device: forged })).statusCode, 429);
    assert.equal((await login(owner, TEST_PASSWORD, { device })).statusCode, 200);
  });

  it('counts attempts sent all at once: no more than the free failures get a password checked', async () => {
    const email = await newUser();
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => login(email, `burst ${i}`)));
    const codes = answers.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [...Array(5).fill(401), ...Array(10).fill(429)]);
  });

  it('throttles an address trying many emails, and keeps the count across servers', async () => {
    const from = '203.0.113.7';
    for (let i = 0; i < 10; i++)
      assert.equal((await login(`spray${i}@example.org`, 'Summer2025!', { from })).statusCode, 401);
    const blocked = await login('spray-last@example.org', 'Summer2025!', { from });
    assert.deepEqual([blocked.statusCode, blocked.headers['retry-after']], [429, '60']);
    // Another server on the same database (or this one after a restart) sees the same count.
    const otherServer = new AccessService(context.db, clock, context.keyring);
    await assert.rejects(otherServer.login('spray-other@example.org', 'Summer2025!', from), {
      code: 'RATE_LIMITED',
    });
    const email = await newUser();
    now = new Date(now.getTime() + MINUTE);
    assert.equal(
      (await login(email, TEST_PASSWORD, { from })).statusCode,
      200,
      'after the wait the address may sign in',
    );
  });
});
