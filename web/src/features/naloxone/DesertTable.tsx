import { type Coverage, oneDecimal } from './naloxone-api';

/**
 * The deserts as a table (the map's text alternative): each figure with what it is made of, so a
 * reader can check a rate or a ratio against its numerator and denominator.
 */
export function DesertTable({ coverage }: { coverage: Coverage }) {
  const { thresholds } = coverage;
  return (
    <section aria-labelledby="naloxone-deserts">
      <h2 id="naloxone-deserts">Naloxone deserts ({coverage.deserts.length})</h2>
      <p className="muted">
        An area is a desert when its overdose rate is above the jurisdiction's (
        {oneDecimal(coverage.jurisdiction_rate)} per 100,000) on at least {thresholds.min_overdoses}{' '}
        overdoses, it received fewer than {thresholds.kits_per_overdose} kits per overdose, and it has less
        than one access point per {thresholds.overdoses_per_access_point} overdoses. Ranked by rate.
      </p>
      {coverage.deserts.length === 0 ? (
        <p className="empty-state">No area is a naloxone desert over this period.</p>
      ) : (
        <div className="table-scroll">
          <table className="naloxone-deserts">
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Area</th>
                <th scope="col">Overdoses per 100,000 (overdoses / residents)</th>
                <th scope="col">Kits per overdose (kits / overdoses)</th>
                <th scope="col">Access points per 10,000 residents (points / residents)</th>
                <th scope="col">Kits short</th>
              </tr>
            </thead>
            <tbody>
              {coverage.deserts.map((d) => (
                <tr key={d.area_id} data-desert-row={d.area_id}>
                  <td>{d.rank}</td>
                  <th scope="row">{d.area_name}</th>
                  <td>
                    {oneDecimal(d.rate)} ({d.overdoses.toLocaleString('en-US')} /{' '}
                    {d.population?.toLocaleString('en-US') ?? '–'})
                  </td>
                  <td>
                    {oneDecimal(d.kits_per_overdose)} ({d.kits.toLocaleString('en-US')} /{' '}
                    {d.overdoses.toLocaleString('en-US')})
                  </td>
                  <td>
                    {d.access_points_per_10k === null ? '–' : d.access_points_per_10k.toFixed(2)} (
                    {d.access_points} / {d.population?.toLocaleString('en-US') ?? '–'})
                  </td>
                  <td>{d.kits_short.toLocaleString('en-US')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details>
        <summary>Every area ({coverage.areas.length})</summary>
        <div className="table-scroll">
          <table className="naloxone-areas">
            <thead>
              <tr>
                <th scope="col">Area</th>
                <th scope="col">Residents</th>
                <th scope="col">Overdoses</th>
                <th scope="col">Per 100,000</th>
                <th scope="col">Kits</th>
                <th scope="col">Kits per overdose</th>
                <th scope="col">Access points</th>
              </tr>
            </thead>
            <tbody>
              {coverage.areas.map((a) => (
                <tr key={a.area_id}>
                  <th scope="row">
                    {a.area_name}
                    {a.desert ? ' (desert)' : ''}
                  </th>
                  <td>{a.population?.toLocaleString('en-US') ?? '–'}</td>
                  <td>{a.overdoses.toLocaleString('en-US')}</td>
                  <td>{oneDecimal(a.rate)}</td>
                  <td>{a.kits.toLocaleString('en-US')}</td>
                  <td>{oneDecimal(a.kits_per_overdose)}</td>
                  <td>{a.access_points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
