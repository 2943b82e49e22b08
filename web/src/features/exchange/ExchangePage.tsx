import type { Me } from '../../shared/api-responses';
import { OdmapExport } from './OdmapExport';
import { PushConnectors } from './PushConnectors';

/**
 * Data exchange: the ODMAP export (analysts: any agency; submitters: their own organization), the
 * push connectors (analysts) and how an agency that enters its overdoses in ODMAP sends them here.
 */
export function ExchangePage({ me }: { me: Me }) {
  const exports = me.may.includes('interop.export');
  const manages = me.may.includes('interop.manage');
  return (
    <section className="exchange" aria-labelledby="exchange-title">
      <h1 id="exchange-title">Data exchange</h1>
      {!exports && !manages && (
        <p className="empty-state">Your role does not exchange overdose data with other systems.</p>
      )}
      {exports && <OdmapExport />}
      {manages && <PushConnectors />}
      {me.may.includes('report.import') && (
        <section aria-labelledby="odmap-import-title">
          <h2 id="odmap-import-title">ODMAP-style import</h2>
          <p>
            An agency that already enters its overdoses in ODMAP sends the same file here: the columns of the
            ODMAP export above (incident_id, incident_date, incident_time, latitude, longitude, overdose_type,
            naloxone_administered, naloxone_doses, suspected_drug). The host imports it for the agency with{' '}
            <code>sos import --preset odmap</code>; each incident id is the agency's record id, so sending a
            file again adds nothing, and rows that cannot be read are quarantined with their row and column.
          </p>
        </section>
      )}
    </section>
  );
}
