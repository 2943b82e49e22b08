/**
 * The imports that break the layering rules today, each to be removed by the restructuring (issue 13):
 * the test requires the rules to find exactly these, so a new one fails it and a fixed one must leave
 * this list.
 */
export const knownViolations: readonly string[] = [];
