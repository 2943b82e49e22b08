import { useState } from 'react';
import type { Me } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';
import { AccessPoints } from './AccessPoints';
import { DesertTable } from './DesertTable';
import type { Coverage } from './naloxone-api';
import { RecordKits } from './RecordKits';

/** The coverage map: the server's SVG (areas by rate, deserts outlined, access points, legend). */
function CoverageMap({ coverage }: { coverage: Coverage }) {
  return (
    <figure className="naloxone-map">
      {/* The SVG is the server's own, built from escaped text with no script or style. */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own escaped SVG, drawn by src/naloxone/desert-map.ts */}
      <div dangerouslySetInnerHTML={{ __html: coverage.map_svg }} />
      <figcaption className="muted">
        {coverage.layer.name}, {coverage.from} to {coverage.to}:{' '}
        {coverage.totals.overdoses.toLocaleString('en-US')} overdoses placed in an area,{' '}
        {coverage.totals.kits.toLocaleString('en-US')} kits distributed, {coverage.totals.access_points}{' '}
        active access points. The table below lists the deserts with their figures.
      </figcaption>
    </figure>
  );
}

/** Kits distributed, access points and where coverage falls short of need. */
export function NaloxonePage({ me }: { me: Me }) {
  const read = me.may.includes('naloxone.read');
  const manage = me.may.includes('naloxone.manage');
  const record = me.may.includes('naloxone.record');
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [version, setVersion] = useState(0);
  const query = range ? `?from=${range.from}&to=${range.to}` : '';
  const coverage = useApi<Coverage>(read ? `/api/v1/naloxone/coverage${query}` : null, version);
  const [draft, setDraft] = useState<{ from: string; to: string } | null>(null);
  const shown = draft ?? (coverage.data ? { from: coverage.data.from, to: coverage.data.to } : null);
  return (
    <section className="naloxone">
      <h1>Naloxone</h1>
      <p className="muted">Kits distributed, access points and where coverage falls short of need.</p>
      {!read && !record && <p>Your role does not see naloxone distribution.</p>}
      {read && (
        <>
          {shown && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                setRange(shown);
              }}
            >
              <label>
                From{' '}
                <input
                  type="date"
                  value={shown.from}
                  onChange={(e) => setDraft({ ...shown, from: e.target.value })}
                />
              </label>{' '}
              <label>
                to{' '}
                <input
                  type="date"
                  value={shown.to}
                  onChange={(e) => setDraft({ ...shown, to: e.target.value })}
                />
              </label>{' '}
              <button type="submit">Show</button>
            </form>
          )}
          {coverage.error && <p role="alert">{coverage.error}</p>}
          {coverage.loading && !coverage.data && <p className="muted">Loading coverage…</p>}
          {coverage.data && (
            <>
              <CoverageMap coverage={coverage.data} />
              <DesertTable coverage={coverage.data} />
            </>
          )}
          <AccessPoints manage={manage} />
        </>
      )}
      {record && <RecordKits onRecorded={() => setVersion((v) => v + 1)} />}
    </section>
  );
}
