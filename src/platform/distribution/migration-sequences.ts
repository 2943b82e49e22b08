/**
 * The sequences a migration's SQL names: `create sequence x` and `nextval('x')` (a data migration or a
 * function may draw from one and the catalog no longer shows it once dropped). serial and identity
 * columns leave their sequence in the catalog, so they need no reading here.
 */
export function sequencesNamedIn(sql: string): string[] {
  const names = new Set<string>();
  const patterns = [
    /\bcreate\s+(?:temporary\s+|temp\s+|unlogged\s+)?sequence\s+(?:if\s+not\s+exists\s+)?([\w."]+)/gi,
    /\bnextval\s*\(\s*'([\w."]+)'/gi,
  ];
  for (const pattern of patterns) {
    for (const match of sql.matchAll(pattern)) names.add(unqualified(match[1] ?? ''));
  }
  return [...names].filter(Boolean).sort();
}

/** `public."x_seq"` → `x_seq`: the catalog reader names sequences without schema or quotes. */
function unqualified(name: string): string {
  const last = name.split('.').at(-1) ?? '';
  return last.replaceAll('"', '').toLowerCase();
}
