import type { PackageProblem } from './hsds-row-validation.js';

/** A column naming a record of another table. */
interface Link {
  table: string;
  column: string;
  target: string;
}

const link = (table: string, column: string, target: string): Link => ({ table, column, target });

/**
 * The links SOS follows to present a service: a row whose link names a record the package does not
 * hold (or quarantined) is quarantined in turn. Ordered so that a table's targets are judged first.
 */
const FOLLOWED: readonly Link[] = [
  link('programs', 'organization_id', 'organizations'),
  link('services', 'organization_id', 'organizations'),
  link('services', 'program_id', 'programs'),
  link('service_at_location', 'service_id', 'services'),
  link('service_at_location', 'location_id', 'locations'),
  link('addresses', 'location_id', 'locations'),
  ...['phones', 'schedules', 'languages'].flatMap((table) => [
    link(table, 'service_id', 'services'),
    link(table, 'location_id', 'locations'),
    link(table, 'service_at_location_id', 'service_at_location'),
  ]),
];

/**
 * Links SOS does not follow (secondary organizations, contacts, taxonomies, cost and funding
 * records): a broken one is reported and the row kept, since publishers often name records they
 * publish elsewhere (the HSDS example itself does).
 */
const REPORTED: readonly Link[] = [
  link('organizations', 'parent_organization_id', 'organizations'),
  link('locations', 'organization_id', 'organizations'),
  link('languages', 'phone_id', 'phones'),
  link('taxonomy_terms', 'parent_id', 'taxonomy_terms'),
  link('taxonomy_terms', 'taxonomy_id', 'taxonomies'),
  link('attributes', 'taxonomy_term_id', 'taxonomy_terms'),
  link('phones', 'organization_id', 'organizations'),
  link('phones', 'contact_id', 'contacts'),
  ...['contacts', 'funding', 'organization_identifiers'].map((t) =>
    link(t, 'organization_id', 'organizations'),
  ),
  ...['contacts', 'funding', 'cost_options', 'required_documents', 'service_areas'].map((t) =>
    link(t, 'service_id', 'services'),
  ),
  link('contacts', 'service_at_location_id', 'service_at_location'),
  link('contacts', 'location_id', 'locations'),
  link('accessibility', 'location_id', 'locations'),
];

/** A row that passed the schema, with where it came from. */
export interface CheckedRow {
  row: number;
  fields: Record<string, string>;
}

/**
 * Checks the links between the rows the schema accepted, table by table. Returns the problems and
 * removes from `rows` (table name to rows) the rows quarantined for a broken followed link.
 */
export function checkLinks(
  rows: Map<string, CheckedRow[]>,
  fileOf: (table: string) => string,
): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const idsOf = (table: string) => new Set((rows.get(table) ?? []).map((r) => r.fields.id));
  const judge = (links: readonly Link[], severity: PackageProblem['severity']) => {
    for (const { table, column, target } of links) {
      const held = rows.get(table);
      if (!held) continue;
      const targets = idsOf(target);
      const kept = held.filter((r) => {
        const value = r.fields[column];
        if (!value || targets.has(value)) return true;
        const what = severity === 'reject' ? 'quarantined' : 'kept';
        problems.push({
          file: fileOf(table),
          row: r.row,
          field: column,
          message: `names ${value}, which is not in ${fileOf(target)} (or was quarantined): row ${what}`,
          severity,
        });
        return severity === 'flag';
      });
      rows.set(table, kept);
    }
  };
  judge(FOLLOWED, 'reject');
  judge(REPORTED, 'flag');
  return problems;
}
