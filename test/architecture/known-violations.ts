/**
 * The imports that break the layering rules today, each to be removed by the restructuring (issue 13):
 * the test requires the rules to find exactly these, so a new one fails it and a fixed one must leave
 * this list.
 */
export const knownViolations: readonly string[] = [
  "no module imports another module's repository or schema: src/intake/intake-preparation.ts -> src/surveillance/overdose-store.ts",
  "no module imports another module's repository or schema: src/intake/intake-service.ts -> src/surveillance/overdose-store.ts",
  "no module imports another module's repository or schema: src/intake/intake-service.ts -> src/surveillance/sources/source-activity-repository.ts",
  "no module imports another module's repository or schema: src/intake/overdose-facts.ts -> src/surveillance/overdose-store.ts",
  "no module imports another module's repository or schema: src/linkage/linkage.ts -> src/surveillance/overdose-store.ts",
  // SQL naming another module's tables: repeat settlement joins persons and reports, and person keys
  // reads persons while the table is still declared by intake (the persons package moves both).
  "a module's tables are named in SQL only by its own files: src/linkage/repeat-settlement.ts -> overdoses (surveillance)",
  "a module's tables are named in SQL only by its own files: src/linkage/repeat-settlement.ts -> persons (intake)",
  "a module's tables are named in SQL only by its own files: src/linkage/repeat-settlement.ts -> reports (intake)",
  "a module's tables are named in SQL only by its own files: src/persons/person-keys.ts -> persons (intake)",
];
