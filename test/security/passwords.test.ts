import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dictionary } from '@zxcvbn-ts/language-common';
import { cliActor } from '../../src/access/roles.js';
import { generatePassword } from '../../src/access/users/password.js';
import { MINIMUM_PASSWORD_LENGTH, passwordWeakness } from '../../src/access/users/password-policy.js';
import { createDemoUsers, demoRoles } from '../../src/demo/demo-users.js';
import type { AppContext } from '../../src/main/app-context.js';
import { TEST_PASSWORD } from '../support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';

const reasonOf = (password: string, email = 'someone@example.org') =>
  passwordWeakness(password, email)?.reason ?? null;

describe('password rules', () => {
  it('refuses passwords shorter than the minimum, counting characters rather than bytes', () => {
    assert.equal(reasonOf('Xq7#vLp2!aZ'), 'too_short');
    assert.equal(reasonOf('ÅÅÅÅÅÅÅÅÅÅÅ'), 'too_short', '11 characters are 22 bytes in UTF-8');
    assert.equal(reasonOf('Xq7#vLp2!aZw'), null, `${MINIMUM_PASSWORD_LENGTH} characters pass`);
  });

  it('refuses every password of the shipped common list that is long enough, in any case', () => {
    const list = dictionary['passwords-common'];
    const longEnough = list.filter((p) => [...p].length >= MINIMUM_PASSWORD_LENGTH);
    assert.ok(longEnough.length > 300, `the list has ${longEnough.length} long passwords`);
    for (const common of longEnough) {
      assert.notEqual(reasonOf(common), null, common);
      assert.notEqual(reasonOf(common.toUpperCase()), null, common.toUpperCase());
    }
    // Found in the list itself, not by another rule: neither repeated, a run, nor in the email.
    assert.ok(list.includes('leavemealone'));
    assert.equal(reasonOf('LeaveMeAlone'), 'common');
  });

  it('refuses a common password with digits, symbols, spaces or full-width letters around it', () => {
    assert.equal(reasonOf('Password1234'), 'common');
    assert.equal(reasonOf('Dragon2024!!!'), 'common');
    assert.equal(reasonOf('!!!football!!!'), 'common');
    assert.equal(reasonOf('leave me alone'), 'common');
    assert.equal(reasonOf('ｌｅａｖｅｍｅａｌｏｎｅ'), 'common', 'full-width letters are the same password');
  });

  it('refuses one character or a short pattern repeated, and runs of consecutive characters', () => {
    assert.equal(reasonOf('aaaaaaaaaaaa'), 'repeated');
    assert.equal(reasonOf('qmwnebqmwneb'), 'repeated');
    assert.equal(reasonOf('AbcAbcabcABC'), 'repeated', 'case does not hide a repetition');
    assert.equal(reasonOf('zzzzzzzzzzzy'), 'repeated', 'two different characters are not enough');
    assert.equal(reasonOf('mnopqrstuvwxy'), 'sequence');
    assert.equal(reasonOf('zyxwvutsrqpo'), 'sequence');
  });

  it("refuses a password that contains the email's name or one of its parts", () => {
    assert.equal(reasonOf('Hello jdoe-ctdph 2024', 'jdoe-ctdph@example.org'), 'contains_email');
    assert.equal(reasonOf('My name is Maria, really', 'maria.gonzalez@example.org'), 'contains_email');
    assert.equal(reasonOf('My name is Maria, really', 'someone.else@example.org'), null);
  });

  it("accepts the generated passwords and the tests' passwords", () => {
    for (let i = 0; i < 2000; i++) {
      const password = generatePassword(demoRoles.map((d) => d.email));
      for (const { email } of demoRoles) assert.equal(passwordWeakness(password, email), null, password);
    }
    for (const password of [TEST_PASSWORD, 'correct horse battery staple', 'dashboard bench password'])
      assert.equal(reasonOf(password, 'analyst@example.org'), null, password);
  });
});

describeEachEngine('passwords are checked wherever one is set', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdictionId: string;
  before(async () => {
    context = await openTestContext(engine);
    jurisdictionId = (await seedJurisdiction(context.db)).jurisdiction.id;
  });
  after(() => context.dispose());

  const userCount = async () =>
    (await context.db.query<{ n: number }>('select count(*)::int as n from users'))[0]?.n;

  it('refuses a weak password when a user is created, saying why', async () => {
    await assert.rejects(
      context.access.createUser(cliActor, {
        jurisdictionId,
        email: 'analyst@example.org',
        displayName: 'Analyst',
        role: 'analyst',
        organizationId: null,
        password: 'Password1234',
      }),
      (error: { code: string; message: string; details: unknown }) => {
        assert.equal(error.code, 'PASSWORD_TOO_WEAK');
        assert.match(error.message, /too weak: it is a commonly used password/);
        assert.deepEqual(error.details, { reason: 'common' });
        return true;
      },
    );
    assert.equal(await userCount(), 0);
  });

  it('refuses a weak SOS_ADMIN_PASSWORD for the first administrator, naming the setting', async () => {
    await assert.rejects(
      context.access.ensureFirstAdministrator(jurisdictionId, 'chief@example.org', 'chief@example.org!'),
      { code: 'PASSWORD_TOO_WEAK', message: /^SOS_ADMIN_PASSWORD is too weak: it contains "chief"/ },
    );
    assert.equal(await userCount(), 0);
  });

  it('refuses a weak SOS_DEMO_PASSWORD before creating any demo user', async () => {
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    await assert.rejects(createDemoUsers(context, jurisdiction, organization, 'abcabcabcabc'), {
      code: 'PASSWORD_TOO_WEAK',
      message: /^SOS_DEMO_PASSWORD is too weak: it repeats a short pattern/,
    });
    assert.equal(await userCount(), 0);
  });
});
