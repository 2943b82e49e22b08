import { z } from 'zod';
import type { ResponderUnit } from './responder-unit-repository.js';

/** A responding unit as it leaves the server (administrators). */
export const presentedUnitSchema = z.object({
  id: z.uuid(),
  organization_id: z.uuid(),
  code: z.string().describe("The unit's code as the organization's reports name it (responding_unit)"),
  name: z.string(),
  supervisor_email: z.string().describe('Who is prompted to offer a debrief after a hard scene'),
  active: z.boolean(),
  created_at: z.iso.datetime({ offset: true }),
});

/** A presented unit. */
export type PresentedUnit = z.infer<typeof presentedUnitSchema>;

/** The fields of a unit that leave. */
export function presentUnit(unit: ResponderUnit): PresentedUnit {
  return {
    id: unit.id,
    organization_id: unit.organizationId,
    code: unit.code,
    name: unit.name,
    supervisor_email: unit.supervisorEmail,
    active: unit.active,
    created_at: unit.createdAt.toISOString(),
  };
}
