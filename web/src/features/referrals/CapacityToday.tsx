import { useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { Me } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';
import {
  CAPACITY_STATUSES,
  type CapacityStatus,
  DIRECTORY_SERVICES_API,
  type DirectoryService,
  type DirectoryServicePage,
} from './referral-contract';
import { CAPACITY_WORDS, momentWords } from './referral-words';

/** How many directory services are read to find the organization's own (a directory of a county). */
const DIRECTORY_PAGE = 200;

/** The organization's services in the directory, each with its capacity today and a form to change it. */
export function CapacityToday({ me }: { me: Me }) {
  const [version, setVersion] = useState(0);
  const directory = useApi<DirectoryServicePage>(
    `${DIRECTORY_SERVICES_API}?limit=${DIRECTORY_PAGE}`,
    version,
  );
  const own = (directory.data?.services ?? []).filter(
    (s) => me.organization_id !== null && s.provider_organization_id === me.organization_id,
  );
  return (
    <section className="capacity-today" aria-labelledby="capacity-title">
      <h2 id="capacity-title">Your services' capacity today</h2>
      {directory.error && <p role="alert">Could not read the directory ({directory.error}).</p>}
      {directory.data && own.length === 0 && (
        <p className="muted">No service of the directory names your organization as its provider.</p>
      )}
      <ul className="capacity-list">
        {own.map((s) => (
          <li key={s.id}>
            <CapacityForm service={s} onSaved={() => setVersion((x) => x + 1)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One service's capacity: its status today and, on a waitlist, how many days. */
function CapacityForm({ service, onSaved }: { service: DirectoryService; onSaved: () => void }) {
  const [status, setStatus] = useState<CapacityStatus>(service.capacity.status);
  const [days, setDays] = useState(service.capacity.waitlist_days?.toString() ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await api(`${DIRECTORY_SERVICES_API}/${encodeURIComponent(service.id)}/capacity`, {
        method: 'PUT',
        body: JSON.stringify({
          status,
          ...(status === 'waitlist' && days ? { waitlist_days: Number(days) } : {}),
        }),
      });
      onSaved();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'No connection: the capacity was not changed.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form aria-label={`Capacity of ${service.name}`} onSubmit={(e) => void save(e)}>
      <strong>{service.name}</strong>{' '}
      <span className="muted">
        now {CAPACITY_WORDS[service.capacity.status].toLowerCase()}
        {service.capacity.updated_at ? `, updated ${momentWords(service.capacity.updated_at)}` : ''}
      </span>
      <div className="capacity-fields">
        <label>
          Capacity
          <select value={status} onChange={(e) => setStatus(e.target.value as CapacityStatus)}>
            {CAPACITY_STATUSES.map((c) => (
              <option key={c} value={c}>
                {CAPACITY_WORDS[c]}
              </option>
            ))}
          </select>
        </label>
        {status === 'waitlist' && (
          <label>
            Days on the waitlist
            <input type="number" min={0} max={365} value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Update'}
        </button>
      </div>
      {problem && (
        <p role="alert" className="field-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
