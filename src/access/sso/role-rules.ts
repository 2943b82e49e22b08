import { z } from 'zod';
import { type Role, roles } from '../roles.js';

/**
 * One claim-to-role rule of an identity provider: when the ID token's `claim` equals (or, for a list
 * or a text, contains) the value, the user gets `role` (and, for an organization-bound role, the
 * organization). A provider's rules are ordered; the first that matches wins.
 */
export const roleRuleSchema = z
  .object({
    claim: z.string().trim().min(1).max(200).describe('The ID token claim to test, e.g. groups'),
    equals: z.string().max(500).optional().describe('Matches when the claim is exactly this'),
    contains: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('Matches when the claim (a list) holds this, or (a text) contains it'),
    role: z.enum(roles),
    organization_id: z.uuid().nullable().optional(),
  })
  .strict()
  .refine((r) => (r.equals === undefined) !== (r.contains === undefined), {
    message: 'A rule has either equals or contains',
  });

/** A claim-to-role rule as stored and sent. */
export type RoleRule = z.infer<typeof roleRuleSchema>;

/** The role a rule gives. */
export interface RuleRole {
  role: Role;
  organizationId: string | null;
}

/** Whether one claim value matches a rule's test; a list matches when one of its items does. */
function valueMatches(value: unknown, rule: RoleRule): boolean {
  if (Array.isArray(value)) {
    return value.some((item) =>
      rule.contains !== undefined ? scalarText(item) === rule.contains : scalarText(item) === rule.equals,
    );
  }
  const text = scalarText(value);
  if (text === null) return false;
  return rule.contains !== undefined ? text.includes(rule.contains) : text === rule.equals;
}

/** A string, number or boolean claim as text; anything else (objects, null) is no value. */
function scalarText(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : null;
}

/** The role the first matching rule gives to these claims, or null when none matches (refused). Pure. */
export function roleFromRules(rules: readonly RoleRule[], claims: Record<string, unknown>): RuleRole | null {
  for (const rule of rules) {
    if (Object.hasOwn(claims, rule.claim) && valueMatches(claims[rule.claim], rule)) {
      return { role: rule.role, organizationId: rule.organization_id ?? null };
    }
  }
  return null;
}
