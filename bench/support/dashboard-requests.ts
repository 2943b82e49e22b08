/** The dashboard's requests, shared by the dashboard bench and the ten-million bench. */

/** The aggregate requests of the dashboard's default view and of common filtered views. */
export function dashboardRequests(
  range: { from: string; to: string },
  lastYear: { from: string; to: string },
  town: string,
) {
  const q = (params: Record<string, string>) => new URLSearchParams({ ...range, ...params }).toString();
  const counts = (params: Record<string, string>) => `/api/v1/aggregates/counts?${q(params)}`;
  const rollupBreakdowns = [
    'age_band',
    'sex',
    'race',
    'ethnicity',
    'substance',
    'naloxone_given',
    'disposition',
  ];
  return [
    { tag: 'trend, daily', path: counts({ period: 'day', by: 'none' }) },
    {
      tag: 'trend, daily, a year earlier',
      path: `/api/v1/aggregates/counts?${new URLSearchParams({ ...lastYear, period: 'day', by: 'none' })}`,
    },
    { tag: 'counts by town', path: counts({ period: 'all', by: 'area', layer: 'towns' }) },
    { tag: 'outcome and source type', path: counts({ period: 'all', by: 'fatal' }) },
    { tag: 'outcome and source type', path: counts({ period: 'all', by: 'source_type' }) },
    { tag: 'filter options', path: counts({ period: 'all', by: 'case_definition' }) },
    ...rollupBreakdowns.map((by) => ({ tag: 'who is affected', path: counts({ period: 'all', by }) })),
    { tag: 'who is affected', path: counts({ period: 'all', by: 'naloxone_doses' }) },
    { tag: 'who is affected', path: counts({ period: 'all', by: 'naloxone_response' }) },
    { tag: 'hot spots, towns', path: `/api/v1/aggregates/hotspots?${q({ layer: 'towns' })}` },
    { tag: 'hot spots, H3 cells', path: `/api/v1/aggregates/hotspots?${q({ layer: 'h3r7' })}` },
    { tag: 'filtered: outcome', path: counts({ period: 'day', by: 'none', fatal: 'fatal' }) },
    { tag: 'filtered: one town', path: counts({ period: 'day', by: 'none', layer: 'towns', area: town }) },
    { tag: 'filtered: substance', path: counts({ period: 'day', by: 'none', substance: 'fentanyl' }) },
    { tag: 'filtered: substance', path: counts({ period: 'all', by: 'sex', substance: 'fentanyl' }) },
    { tag: 'extent, sources', path: '/api/v1/aggregates/extent' },
    { tag: 'extent, sources', path: '/api/v1/sources' },
  ];
}

/** The same day `years` years later (earlier when negative). */
export function shiftYear(day: string, years: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}
