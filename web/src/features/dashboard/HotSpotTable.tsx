import type { HotSpotAnalysis } from '../../shared/api-responses';
/**
 * Areas or cells ranked by Getis-Ord Gi*, with the corrected significance of each. Gi* weighs the
 * overdoses of a place and its neighbours, so that sum is shown beside the place's own count, and a
 * hot place with almost none of its own is flagged: the cluster is around it.
 */
export function HotSpots({ analysis, error }: { analysis: HotSpotAnalysis | null; error: string | null }) {
  const top = analysis?.too_few_to_test
    ? []
    : (analysis?.areas ?? []).filter((p) => p.z !== null).slice(0, 10);
  const hot = (analysis?.areas ?? []).filter((p) => p.hot).length;
  const cells = analysis?.layer === 'h3r7';
  return (
    <section aria-labelledby="hotspots-title" className="hotspots">
      <h2 id="hotspots-title">Hot spots</h2>
      {error && <p role="alert">{error}</p>}
      {analysis?.too_few_to_test && (
        <p className="muted">
          Only {analysis.total.toLocaleString()} overdose{analysis.total === 1 ? '' : 's'} from{' '}
          {analysis.from} to {analysis.to}: too few to test for hot spots (at least 20 are needed). Widen the
          date range or clear a filter.
        </p>
      )}
      {analysis && !analysis.too_few_to_test && (
        <p className="muted">
          {hot === 0 ? 'No significant hot spot' : `${hot} significant hot spot${hot === 1 ? '' : 's'}`} from{' '}
          {analysis.from} to {analysis.to}: Getis-Ord Gi* over each place and its neighbours, false discovery
          rate {Math.round(analysis.alpha * 100)}% (Benjamini-Hochberg), across{' '}
          {analysis.areas.length.toLocaleString()} places, empty ones included. Gi* weighs the overdoses of
          the whole neighbourhood, not the place's own count.
        </p>
      )}
      {top.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Place</th>
              <th scope="col">Own count</th>
              <th scope="col">With neighbours</th>
              <th scope="col">Rate</th>
              <th scope="col">Gi* z</th>
              <th scope="col">q</th>
              <th scope="col">Hot spot</th>
            </tr>
          </thead>
          <tbody>
            {top.map((p) => (
              <tr key={p.id} className={p.hot ? 'hot' : undefined}>
                <td>
                  {cells ? (
                    <>
                      {p.name ?? 'Outside the areas'} <span className="muted">cell {p.id}</span>
                    </>
                  ) : (
                    (p.name ?? p.id)
                  )}
                </td>
                <td>{p.count.toLocaleString()}</td>
                <td title={`The overdoses of this place and its ${p.neighbourhood_size - 1} neighbours`}>
                  {p.neighbourhood_count.toLocaleString()}{' '}
                  <span className="muted">
                    in {p.neighbourhood_size} place{p.neighbourhood_size === 1 ? '' : 's'}
                  </span>
                </td>
                <td>
                  {p.rate_per_100k === null ? (
                    '–'
                  ) : p.rate_unreliable ? (
                    <span className="unreliable" title="Unreliable: from fewer than 20 overdoses">
                      {p.rate_per_100k.toFixed(1)}*
                    </span>
                  ) : (
                    p.rate_per_100k.toFixed(1)
                  )}
                </td>
                <td>{p.z?.toFixed(2)}</td>
                <td>{p.q === null ? '' : p.q < 0.001 ? '< 0.001' : p.q.toFixed(3)}</td>
                <td>
                  {p.hot ? <span className="badge">hot spot</span> : ''}
                  {p.few_of_its_own && (
                    <span
                      className="badge few-own"
                      title="Fewer than 3 overdoses of its own: its neighbours make it hot, so look around it"
                    >
                      few of its own
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
