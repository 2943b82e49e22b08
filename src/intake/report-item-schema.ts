import { z } from 'zod';
import { personKey, type ReportField, type ReportFieldType, reportFields } from './report-fields.js';

const flexibleBoolean = z.union([z.boolean(), z.string()]);
const flexibleNumber = z.union([z.number(), z.string()]);

/** What the JSON API accepts for a value of each field type. */
const valueSchemas: Record<ReportFieldType, z.ZodTypeAny> = {
  text: z.string(),
  'date-time': z.string(),
  code: z.string(),
  codes: z.union([z.string(), z.array(z.string())]),
  number: flexibleNumber,
  age: flexibleNumber,
  boolean: flexibleBoolean,
};

/** The schema of one field's value: required fields must be there, the others may be null or absent. */
function fieldSchema(field: ReportField): z.ZodTypeAny {
  const value = valueSchemas[field.type];
  const schema = field.required ? value : value.nullish();
  return field.description ? schema.describe(field.description) : schema;
}

/** The identifying details a report may carry, sealed on arrival. */
const personSchema = z
  .object({
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    birth_date: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    address: z.string().optional(),
  })
  .nullish()
  .describe('Identifying details, sealed at rest and only reached through outreach');

/**
 * One report as the JSON API documents it, made from the field list: the ODMAP-like minimum (time,
 * place, fatal, naloxone) or the full field set, and the person. Extra keys pass (the organization's
 * intake profile decides what is kept).
 */
export const reportItemSchema = z
  .object({
    ...Object.fromEntries(reportFields.map((field) => [field.name, fieldSchema(field)])),
    [personKey]: personSchema,
  })
  .passthrough();
