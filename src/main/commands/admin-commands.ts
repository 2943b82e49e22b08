import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_OVERLAP_HOURS, MAX_OVERLAP_HOURS } from '../../access/api-keys/api-key.js';
import { listApiKeys, revokeApiKey, rotateApiKey } from '../../access/api-keys/api-key-service.js';
import {
  insertJurisdiction,
  insertOrganization,
  listJurisdictions,
  listOrganizations,
} from '../../access/jurisdictions/jurisdiction-repository.js';
import type { KeyStatus } from '../../access/keys/key-rotation-service.js';
import { type ApiKeyScope, apiKeyScopes, cliActor, type Role, roles } from '../../access/roles.js';
import { generatePassword } from '../../access/users/password.js';
import { assertStrongPassword } from '../../access/users/password-policy.js';
import { organizationTypes } from '../../intake/vocabulary/index.js';
import { loadConfig } from '../../platform/config.js';
import { newId } from '../../platform/ids.js';
import { keyFileOf } from '../../platform/keyring.js';
import { ProgressBar } from '../../platform/progress-bar.js';
import { isValidTimeZone } from '../../platform/time-zones.js';
import { type CliCommand, required, usageError } from './command-line.js';
import { resolveJurisdiction, resolveOrganization, wholeNumber, withContext } from './command-support.js';

const OPTIONS = {
  json: { type: 'boolean', default: false },
  jurisdiction: { type: 'string' },
  organization: { type: 'string' },
  'short-name': { type: 'string' },
  name: { type: 'string' },
  'time-zone': { type: 'string' },
  population: { type: 'string' },
  type: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  'allow-raw-keys': { type: 'string' },
  scope: { type: 'string', multiple: true },
  id: { type: 'string' },
  'overlap-hours': { type: 'string' },
} as const;

/** sos jurisdiction list|create */
export const jurisdictionCommand: CliCommand = {
  usage: `sos jurisdiction list [--json]
sos jurisdiction create --short-name S --name N --time-zone TZ [--population N] [--json]`,
  run: runJurisdiction,
};

async function runJurisdiction(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS });
  if (sub === 'list') {
    return withContext({ command: 'jurisdiction list' }, async (context) => {
      const all = await listJurisdictions(context.db);
      if (values.json) console.log(JSON.stringify(all));
      else for (const j of all) console.log(`${j.shortName}\t${j.id}\t${j.name}\t${j.timeZone}`);
      return 0;
    });
  }
  if (sub !== 'create') throw usageError('Name a subcommand: list or create');
  const timeZone = required(values['time-zone'], 'time-zone');
  if (!isValidTimeZone(timeZone)) throw usageError(`Unknown time zone "${timeZone}"`);
  const jurisdiction = {
    id: newId(),
    shortName: required(values['short-name'], 'short-name'),
    name: required(values.name, 'name'),
    timeZone,
    parentId: null,
    population: values.population ? wholeNumber('population', values.population) : null,
  };
  // The first jurisdiction may be made on an empty data directory: that is how a site starts.
  return withContext({ command: 'jurisdiction create', create: true }, async (context) => {
    await insertJurisdiction(context.db, jurisdiction);
    console.log(
      values.json ? JSON.stringify(jurisdiction) : `created ${jurisdiction.shortName} (${jurisdiction.id})`,
    );
    return 0;
  });
}

/** sos organization list|create (--allow-raw-keys: the extra keys its intake profile keeps in raw) */
export const organizationCommand: CliCommand = {
  usage: `sos organization list [--jurisdiction J] [--json]
sos organization create --name N --type T [--jurisdiction J] [--allow-raw-keys K1,K2] [--json]`,
  run: runOrganization,
};

async function runOrganization(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS });
  if (sub === 'list') {
    return withContext({ command: 'organization list' }, async (context) => {
      const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
      const all = await listOrganizations(context.db, jurisdiction.id);
      if (values.json) console.log(JSON.stringify(all));
      else for (const o of all) console.log(`${o.id}\t${o.type}\t${o.name}`);
      return 0;
    });
  }
  if (sub !== 'create') throw usageError('Name a subcommand: list or create');
  const type = required(values.type, 'type');
  if (!(organizationTypes as readonly string[]).includes(type)) {
    throw usageError(`--type must be one of ${organizationTypes.join(', ')}`);
  }
  const name = required(values.name, 'name');
  return withContext({ command: 'organization create' }, async (context) => {
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    const organization = {
      jurisdictionId: jurisdiction.id,
      id: newId(),
      name,
      type,
      allowedRawKeys: (values['allow-raw-keys'] ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    };
    await insertOrganization(context.db, organization);
    console.log(
      values.json ? JSON.stringify(organization) : `created ${organization.name} (${organization.id})`,
    );
    return 0;
  });
}

/** sos user create; the password comes from SOS_NEW_PASSWORD or is generated and printed once. */
export const userCommand: CliCommand = {
  usage: `sos user create --email E --role R [--name NAME] [--organization O] [--jurisdiction J]
  (the password: SOS_NEW_PASSWORD, or generated and printed once)`,
  run: runUser,
};

async function runUser(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS });
  if (sub !== 'create') throw usageError('Name the subcommand: create');
  const role = required(values.role, 'role') as Role;
  if (!roles.includes(role)) throw usageError(`--role must be one of ${roles.join(', ')}`);
  const email = required(values.email, 'email');
  return withContext({ command: 'user create' }, async (context) => {
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    const organizationId = values.organization
      ? (await resolveOrganization(context, jurisdiction, values.organization)).id
      : null;
    const chosen = process.env.SOS_NEW_PASSWORD;
    if (chosen) assertStrongPassword(chosen, email, 'SOS_NEW_PASSWORD');
    const password = chosen || generatePassword([email]);
    const { id } = await context.access.createUser(cliActor, {
      jurisdictionId: jurisdiction.id,
      email,
      displayName: values.name ?? email,
      role,
      organizationId,
      password,
    });
    console.log(
      `created user ${email} (${id})${process.env.SOS_NEW_PASSWORD ? '' : `; password: ${password}`}`,
    );
    return 0;
  });
}

/** sos apikey create|rotate|revoke|list: a new key (create, rotate) is printed once. */
export const apiKeyCommand: CliCommand = {
  usage: `sos apikey create --name N [--organization O] [--jurisdiction J] [--scope submit|referrals]... [--json]
sos apikey rotate --id ID [--overlap-hours H] [--jurisdiction J] [--json]  (H: the old key's remaining hours, default ${DEFAULT_OVERLAP_HOURS}, 0 to ${MAX_OVERLAP_HOURS})
sos apikey revoke --id ID [--jurisdiction J]
sos apikey list [--organization O] [--jurisdiction J] [--json]`,
  run: runApiKey,
};

async function runApiKey(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS });
  if (sub === 'rotate') {
    const keyId = required(values.id, 'id');
    const overlapHours =
      values['overlap-hours'] === undefined
        ? DEFAULT_OVERLAP_HOURS
        : wholeNumber('overlap-hours', values['overlap-hours']);
    return withContext({ command: 'apikey rotate' }, async (context) => {
      const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
      const rotated = await rotateApiKey(context, cliActor, {
        jurisdictionId: jurisdiction.id,
        keyId,
        overlapHours,
      });
      console.log(
        values.json
          ? JSON.stringify({ id: rotated.api_key.id, key: rotated.key, replaced: rotated.replaced })
          : `API key ${rotated.api_key.id} replaces ${keyId}, which works until ${rotated.replaced.expires_at} (new key, shown once): ${rotated.key}`,
      );
      return 0;
    });
  }
  if (sub === 'revoke') {
    const keyId = required(values.id, 'id');
    return withContext({ command: 'apikey revoke' }, async (context) => {
      const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
      const revoked = await revokeApiKey(context, cliActor, { jurisdictionId: jurisdiction.id, keyId });
      console.log(`revoked API key ${revoked.id} (${revoked.name}, ${revoked.organization.name})`);
      return 0;
    });
  }
  if (sub === 'list') {
    return withContext({ command: 'apikey list' }, async (context) => {
      const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
      const organizationId = values.organization
        ? (await resolveOrganization(context, jurisdiction, values.organization)).id
        : undefined;
      const keys = await listApiKeys(context, cliActor, { jurisdictionId: jurisdiction.id, organizationId });
      if (values.json) console.log(JSON.stringify(keys));
      else
        for (const k of keys)
          console.log(
            [
              k.id,
              k.status,
              k.organization.name,
              k.name,
              k.scopes.join(','),
              k.created_at,
              k.last_used_at ?? '-',
              k.expires_at ?? '-',
            ].join('\t'),
          );
      return 0;
    });
  }
  if (sub !== 'create') throw usageError('Name the subcommand: create, rotate, revoke or list');
  const name = required(values.name, 'name');
  const scopes = (values.scope ?? ['submit']).map((scope) => {
    if (!(apiKeyScopes as readonly string[]).includes(scope)) {
      throw usageError(`--scope is one of ${apiKeyScopes.join(', ')} (got "${scope}")`);
    }
    return scope as ApiKeyScope;
  });
  return withContext({ command: 'apikey create' }, async (context) => {
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    const organization = await resolveOrganization(context, jurisdiction, values.organization);
    const { id, key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: jurisdiction.id,
      organizationId: organization.id,
      name,
      scopes,
    });
    console.log(
      values.json
        ? JSON.stringify({ id, key })
        : `API key ${id} for ${organization.name}, scopes ${scopes.join(', ')} (shown once): ${key}`,
    );
    return 0;
  });
}

/** sos keys status|rotate|reseal|retire: encryption key rotation with re-sealing of every sealed row. */
export const keysCommand: CliCommand = {
  usage: `sos keys status [--json]      the current key, rows sealed per key id, the latest rotation
sos keys rotate               a new key first in the key file, then re-seal every sealed row
sos keys reseal               re-seal every row not sealed with the current key (after a rotation in SOS_ENCRYPTION_KEYS)
sos keys retire --id KEYID    drop an old key from the key file once no row is sealed with it`,
  run: runKeys,
};

async function runKeys(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { json: { type: 'boolean', default: false }, id: { type: 'string' } },
  });
  if (sub === 'rotate' && keyFileOf(loadConfig()) === null) {
    // Keys from the environment: nothing here may change them, so say how and offer a fresh key.
    console.log(`The encryption keys come from SOS_ENCRYPTION_KEYS. To rotate:
  1. put this new key first in SOS_ENCRYPTION_KEYS, keeping the current keys after it (comma-separated):
     ${randomBytes(32).toString('base64')}
  2. restart every SOS server with it;
  3. run: sos keys reseal   (then sos keys status; remove an old key from the list once it seals no row)`);
    return 0;
  }
  if (!['status', 'rotate', 'reseal', 'retire'].includes(sub ?? '')) {
    throw usageError('Name the subcommand: status, rotate, reseal or retire');
  }
  return withContext({ command: `keys ${sub}` }, async (context) => {
    if (sub === 'status') {
      const status = await context.keys.status(cliActor);
      if (values.json) console.log(JSON.stringify(status));
      else printKeyStatus(status);
      return 0;
    }
    if (sub === 'retire') {
      const id = required(values.id, 'id');
      await context.keys.retire(cliActor, id);
      console.log(`retired key ${id}: the key file no longer holds it`);
      return 0;
    }
    const rotation =
      sub === 'rotate' ? await context.keys.rotate(cliActor) : await context.keys.startResealing(cliActor);
    const bar = new ProgressBar('re-seal');
    const finished = await context.keys.resealNow((r) => bar.update(r.done, r.sealedTotal));
    bar.finish();
    console.log(
      `re-sealed ${finished?.done ?? 0} rows with key ${rotation.newKeyId}${sub === 'rotate' ? ' (the old keys stay in the key file: retire them with sos keys retire --id KEYID)' : ''}`,
    );
    return 0;
  });
}

function printKeyStatus(status: KeyStatus): void {
  console.log(
    `current key ${status.currentKeyId} (${status.keyFileMode ? 'key file' : 'SOS_ENCRYPTION_KEYS'})`,
  );
  for (const key of status.keys) {
    const rows = Object.entries(key.rows)
      .map(([name, n]) => `${n} ${name}`)
      .join(', ');
    console.log(
      `  ${key.id}${key.current ? ' current' : ''}${key.configured ? '' : ' NOT CONFIGURED'}: ${rows}`,
    );
  }
  const r = status.rotation;
  if (r) {
    console.log(
      `latest rotation to ${r.newKeyId}, started ${r.startedAt.toISOString()}: ${r.done} of ${r.sealedTotal} rows, ${r.finishedAt ? `done ${r.finishedAt.toISOString()}` : 'under way'}`,
    );
  }
}
