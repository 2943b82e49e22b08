import type { Me } from '../../shared/api-responses';
import { OdmapExport } from './OdmapExport';
import { OdmapImport } from './OdmapImport';
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
      {exports && me.may.includes('report.import') && <OdmapImport />}
    </section>
  );
}
