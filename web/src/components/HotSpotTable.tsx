/** The result of /api/v1/aggregates/hotspots. */
export interface HotSpotAnalysis {
  from: string;
  to: string;
  layer: string;
  alpha: number;
  total: number;
  tooFewToTest: boolean;
  places: {
    id: string;
    name: string | null;
    count: number;
    ratePer100k: number | null;
    z: number | null;
    q: number | null;
    hot: boolean;
  }[];
}

/** Areas or cells ranked by Getis-Ord Gi*, with the corrected significance of each. */
export function HotSpots({
  analysis,
  names,
  error,
}: {
  analysis: HotSpotAnalysis | null;
  names: Map<string, string>;
  error: string | null;
}) {
  const top = analysis?.tooFewToTest ? [] : (analysis?.places ?? []).filter((p) => p.z !== null).slice(0, 10);
  const hot = (analysis?.places ?? []).filter((p) => p.hot).length;
  return (
    <section aria-labelledby="hotspots-title" className="hotspots">
      <h2 id="hotspots-title">Hot spots</h2>
      {error && <p role="alert">{error}</p>}
      {analysis?.tooFewToTest && (
        <p className="muted">
          Only {analysis.total.toLocaleString()} overdose{analysis.total === 1 ? '' : 's'} from{' '}
          {analysis.from} to {analysis.to}: too few to test for hot spots (at least 20 are needed). Widen the
          date range or clear a filter.
        </p>
      )}
      {analysis && !analysis.tooFewToTest && (
        <p className="muted">
          {hot === 0 ? 'No significant hot spot' : `${hot} significant hot spot${hot === 1 ? '' : 's'}`} from{' '}
          {analysis.from} to {analysis.to}: Getis-Ord Gi* over each place and its neighbours, false discovery
          rate {Math.round(analysis.alpha * 100)}% (Benjamini-Hochberg), across{' '}
          {analysis.places.length.toLocaleString()} places, empty ones included.
        </p>
      )}
      {top.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Place</th>
              <th scope="col">Count</th>
              <th scope="col">Rate</th>
              <th scope="col">Gi* z</th>
              <th scope="col">q</th>
              <th scope="col">Hot spot</th>
            </tr>
          </thead>
          <tbody>
            {top.map((p) => (
              <tr key={p.id} className={p.hot ? 'hot' : undefined}>
                <td>{p.name ?? names.get(p.id) ?? p.id}</td>
                <td>{p.count.toLocaleString()}</td>
                <td>{p.ratePer100k === null ? '–' : p.ratePer100k.toFixed(1)}</td>
                <td>{p.z?.toFixed(2)}</td>
                <td>{p.q === null ? '' : p.q < 0.001 ? '< 0.001' : p.q.toFixed(3)}</td>
                <td>{p.hot ? <span className="badge">hot spot</span> : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
