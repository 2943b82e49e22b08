/** The filters every view of the dashboard applies; they live in the URL so a view can be shared. */
export interface Filters {
  from: string | null;
  to: string | null;
  layer: string | null;
  area: string | null;
  sourceType: string | null;
  fatal: 'fatal' | 'nonfatal' | 'unknown' | null;
  substance: string | null;
  caseDefinition: string | null;
}

const KEYS = ['from', 'to', 'layer', 'area', 'sourceType', 'fatal', 'substance', 'caseDefinition'] as const;

/** Reads the filters from a query string, ignoring values it does not know. */
export function filtersFromSearch(search: string): Filters {
  const params = new URLSearchParams(search);
  const get = (key: string) => params.get(key) || null;
  const fatal = get('fatal');
  return {
    from: get('from'),
    to: get('to'),
    layer: get('layer'),
    area: get('area'),
    sourceType: get('sourceType'),
    fatal: fatal === 'fatal' || fatal === 'nonfatal' || fatal === 'unknown' ? fatal : null,
    substance: get('substance'),
    caseDefinition: get('caseDefinition'),
  };
}

/** Writes the filters into a query string (only the ones set), in a stable order. */
export function searchFromFilters(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The query parameters of the filters, as every aggregate and point endpoint reads them. */
export function filterParams(f: Filters, withLayer = false): URLSearchParams {
  const params = new URLSearchParams();
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  if (f.layer && (withLayer || f.area)) params.set('layer', f.layer);
  if (f.area) params.set('area', f.area);
  if (f.sourceType) params.set('sourceType', f.sourceType);
  if (f.fatal) params.set('fatal', f.fatal);
  if (f.substance) params.set('substance', f.substance);
  if (f.caseDefinition) params.set('caseDefinition', f.caseDefinition);
  return params;
}

/** The aggregate API's query for these filters, with a period and a breakdown. */
export function countsUrl(
  filters: Filters,
  period: string,
  by: string,
  overrides: Partial<Filters> = {},
): string {
  const params = filterParams({ ...filters, ...overrides }, by === 'area');
  params.set('period', period);
  params.set('by', by);
  return `/api/v1/aggregates/counts?${params}`;
}

/** The same day one year earlier (29 February falls back to the 28th). */
export function yearEarlier(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - 1, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/**
 * Fills in what the URL does not name: the range is the 365 days ending on the newest overdose's day
 * (`lastDay`), so a dashboard opened on a day with no data still shows the last year that has some;
 * the layer is the first imported one (`firstLayer`), or H3 cells without any.
 */
export function withDefaults(filters: Filters, lastDay: string | null, firstLayer: string | null): Filters {
  const to = filters.to ?? lastDay;
  let from = filters.from;
  if (!from && to) {
    const d = new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 364);
    from = d.toISOString().slice(0, 10);
  }
  return { ...filters, from, to, layer: filters.layer ?? firstLayer ?? 'h3r7' };
}
