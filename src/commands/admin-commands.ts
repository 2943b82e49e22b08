import { parseArgs } from 'node:util';
import {
  insertJurisdiction,
  insertOrganization,
  listJurisdictions,
  listOrganizations,
} from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor, type Role, roles } from '../access/roles.js';
import { generatePassword } from '../access/users/password.js';
import { assertStrongPassword } from '../access/users/password-policy.js';
import { resealPersons } from '../intake/person-keys.js';
import { organizationTypes } from '../intake/vocabulary/index.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { isValidTimeZone } from '../platform/time-zones.js';
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
} as const;

function required(value: string | undefined, flag: string): string {
  if (!value) throw new SosError('VALIDATION_FAILED', `--${flag} is required`);
  return value;
}

/** sos jurisdiction list|create */
export async function jurisdictionCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS });
  return withContext(async (context) => {
    if (sub === 'list') {
      const all = await listJurisdictions(context.db);
      if (values.json) console.log(JSON.stringify(all));
      else for (const j of all) console.log(`${j.shortName}\t${j.id}\t${j.name}\t${j.timeZone}`);
      return 0;
    }
    if (sub === 'create') {
      const timeZone = required(values['time-zone'], 'time-zone');
      if (!isValidTimeZone(timeZone))
        throw new SosError('VALIDATION_FAILED', `Unknown time zone "${timeZone}"`);
      const jurisdiction = {
        id: newId(),
        shortName: required(values['short-name'], 'short-name'),
        name: required(values.name, 'name'),
        timeZone,
        parentId: null,
        population: values.population ? wholeNumber('population', values.population) : null,
      };
      await insertJurisdiction(context.db, jurisdiction);
      console.log(
        values.json ? JSON.stringify(jurisdiction) : `created ${jurisdiction.shortName} (${jurisdiction.id})`,
      );
      return 0;
    }
    throw new SosError(
      'VALIDATION_FAILED',
      'Usage: sos jurisdiction list | create --short-name S --name N --time-zone TZ',
    );
  });
}

/** sos organization list|create [--allow-raw-keys K1,K2: its intake profile] */
export async function organizationCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS });
  return withContext(async (context) => {
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    if (sub === 'list') {
      const all = await listOrganizations(context.db, jurisdiction.id);
      if (values.json) console.log(JSON.stringify(all));
      else for (const o of all) console.log(`${o.id}\t${o.type}\t${o.name}`);
      return 0;
    }
    if (sub === 'create') {
      const type = required(values.type, 'type');
      if (!(organizationTypes as readonly string[]).includes(type)) {
        throw new SosError('VALIDATION_FAILED', `--type must be one of ${organizationTypes.join(', ')}`);
      }
      const organization = {
        jurisdictionId: jurisdiction.id,
        id: newId(),
        name: required(values.name, 'name'),
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
    }
    throw new SosError(
      'VALIDATION_FAILED',
      'Usage: sos organization list | create --name N --type T [--allow-raw-keys K1,K2] [--jurisdiction J]',
    );
  });
}

/** sos user create --email E --role R [--organization O] [--jurisdiction J]; the password comes from SOS_NEW_PASSWORD or is generated and printed once. */
export async function userCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS });
  if (sub !== 'create') throw new SosError('VALIDATION_FAILED', 'Usage: sos user create --email E --role R');
  const role = required(values.role, 'role') as Role;
  if (!roles.includes(role))
    throw new SosError('VALIDATION_FAILED', `--role must be one of ${roles.join(', ')}`);
  return withContext(async (context) => {
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    const organizationId = values.organization
      ? (await resolveOrganization(context, jurisdiction, values.organization)).id
      : null;
    const email = required(values.email, 'email');
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

/** sos apikey create --name N [--organization O] [--jurisdiction J]: prints the key once. */
export async function apiKeyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: OPTIONS });
  if (sub !== 'create') throw new SosError('VALIDATION_FAILED', 'Usage: sos apikey create --name N');
  return withContext(async (context) => {
    const jurisdiction = await resolveJurisdiction(context, values.jurisdiction);
    const organization = await resolveOrganization(context, jurisdiction, values.organization);
    const { id, key } = await context.access.createApiKey(cliActor, {
      jurisdictionId: jurisdiction.id,
      organizationId: organization.id,
      name: required(values.name, 'name'),
    });
    console.log(
      values.json
        ? JSON.stringify({ id, key })
        : `API key ${id} for ${organization.name} (shown once): ${key}`,
    );
    return 0;
  });
}

/** sos keys reseal: re-seals every person record under the current (first) encryption key. */
export async function keysCommand(args: string[]): Promise<number> {
  if (args[0] !== 'reseal') throw new SosError('VALIDATION_FAILED', 'Usage: sos keys reseal');
  return withContext(async (context) => {
    const count = await resealPersons(context.db, context.keyring, cliActor, context.clock.now());
    console.log(`re-sealed ${count} person records with key ${context.keyring.currentKeyId}`);
    return 0;
  });
}
