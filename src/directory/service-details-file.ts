import { z } from 'zod';
import { outreachServices } from '../outreach/outreach-vocabulary.js';
import type { ServiceDetails } from './directory-repository.js';
import { capacityStatuses, insuranceKinds, moudMedications } from './directory-vocabulary.js';

/** The extra file of a directory package holding the outreach fields (not an HSDS table). */
export const SERVICE_DETAILS_FILE = 'sos_service_details.csv';

/** Its columns, in order; lists are separated by semicolons. */
export const serviceDetailsColumns = [
  'service_id',
  'provider_organization_id',
  'needs',
  'moud',
  'same_day_intake',
  'walk_in_hours',
  'capacity_status',
  'waitlist_days',
  'capacity_updated_at',
  'insurance',
  'cost',
  'part2_program',
] as const;

/** The outreach fields of one service as a package carries them. */
export type ServiceDetailsInput = Omit<ServiceDetails, 'jurisdictionId' | 'updatedAt' | 'capacityUpdatedBy'>;

const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((cell) => (cell === '' ? [] : cell.split(';').map((v) => v.trim())))
    .pipe(z.array(z.enum(values)));
const flag = z.enum(['true', 'false', '']).transform((cell) => cell === 'true');
const optionalText = z.string().transform((cell) => (cell === '' ? null : cell));

const rowSchema = z.object({
  service_id: z.string().min(1),
  provider_organization_id: z.union([z.uuid(), z.literal('').transform(() => null)]),
  needs: list(outreachServices),
  moud: list(moudMedications),
  same_day_intake: flag,
  walk_in_hours: optionalText,
  capacity_status: z.union([z.enum(capacityStatuses), z.literal('').transform(() => 'unknown' as const)]),
  waitlist_days: z.union([
    z.literal('').transform(() => null),
    z
      .string()
      .regex(/^\d{1,4}$/)
      .transform(Number),
  ]),
  capacity_updated_at: z.union([
    z.literal('').transform(() => null),
    z.iso.datetime({ offset: true }).transform((cell) => new Date(cell)),
  ]),
  insurance: list(insuranceKinds),
  cost: optionalText,
  part2_program: flag,
});

/** One row of the file read, or the fields that are wrong (field name and message). */
export function parseServiceDetailsRow(
  cells: Record<string, string>,
): { details: ServiceDetailsInput } | { problems: { field: string; message: string }[] } {
  const parsed = rowSchema.safeParse(
    Object.fromEntries(serviceDetailsColumns.map((column) => [column, cells[column] ?? ''])),
  );
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        field: String(issue.path[0] ?? '(row)'),
        message: issue.message,
      })),
    };
  }
  const row = parsed.data;
  return {
    details: {
      serviceId: row.service_id,
      providerOrganizationId: row.provider_organization_id,
      needs: row.needs,
      moud: row.moud,
      sameDayIntake: row.same_day_intake,
      walkInHours: row.walk_in_hours,
      capacityStatus: row.capacity_status,
      waitlistDays: row.waitlist_days,
      capacityUpdatedAt: row.capacity_updated_at,
      insurance: row.insurance,
      cost: row.cost,
      part2Program: row.part2_program,
    },
  };
}

/** The cells of one service's outreach fields, in the file's columns. */
export function serviceDetailsCells(details: ServiceDetailsInput): string[] {
  return [
    details.serviceId,
    details.providerOrganizationId ?? '',
    details.needs.join(';'),
    details.moud.join(';'),
    String(details.sameDayIntake),
    details.walkInHours ?? '',
    details.capacityStatus,
    details.waitlistDays === null ? '' : String(details.waitlistDays),
    details.capacityUpdatedAt ? details.capacityUpdatedAt.toISOString() : '',
    details.insurance.join(';'),
    details.cost ?? '',
    String(details.part2Program),
  ];
}
