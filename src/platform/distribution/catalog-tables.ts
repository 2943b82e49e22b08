/**
 * What the distributability check needs to know of a schema, as the catalog describes it: each table
 * (a partitioned parent counts as one table; its partitions inherit its keys and are left out), its
 * columns, keys and foreign keys, and the sequences that exist. Plain data, so the rules are a pure
 * function and tests can describe a table without a database.
 */

/** One column of a table. */
export interface CatalogColumn {
  name: string;
  /** As `format_type` prints it (`uuid`, `bigint`, `text[]`). */
  type: string;
  notNull: boolean;
  /** The default expression as the catalog prints it, or null. */
  defaultExpression: string | null;
  /** `GENERATED ... AS IDENTITY`. */
  identity: boolean;
}

/** How uniqueness is declared: each kind must name the distribution column under Citus. */
export type CatalogKeyKind = 'primary key' | 'unique constraint' | 'unique index' | 'exclusion constraint';

/** A primary key, unique constraint, unique index or exclusion constraint. */
export interface CatalogKey {
  name: string;
  kind: CatalogKeyKind;
  /** Key columns in order; null where the index holds an expression (`lower(email)`). */
  columns: (string | null)[];
  /** For an exclusion constraint, the operator of each key column (`=`, `&&`); else empty. */
  operators: string[];
}

/** `pg_constraint.confdeltype` / `confupdtype`. */
export type ForeignKeyAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

/** A foreign key, from this table's columns to another table's. */
export interface CatalogForeignKey {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ForeignKeyAction;
  onUpdate: ForeignKeyAction;
}

/** A table as the check sees it. */
export interface CatalogTable {
  name: string;
  /** A partitioned parent (`relkind = 'p'`). */
  partitioned: boolean;
  columns: CatalogColumn[];
  keys: CatalogKey[];
  foreignKeys: CatalogForeignKey[];
  /** Its own triggers by name (not the internal ones that enforce foreign keys). */
  triggers: string[];
}

/** A sequence and the column that owns it (serial, bigserial, identity), if any. */
export interface CatalogSequence {
  name: string;
  ownedBy: { table: string; column: string } | null;
}

/** The whole schema as the check sees it. */
export interface CatalogDescription {
  tables: CatalogTable[];
  sequences: CatalogSequence[];
}
