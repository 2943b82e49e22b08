import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';
import { useApi } from '../../shared/useApi';
import type { AccessPoint, AccessPointPage } from './naloxone-api';

const TYPES = [
  'vending_machine',
  'pharmacy',
  'harm_reduction_program',
  'health_department',
  'library',
  'jail',
  'other',
] as const;
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const words = (text: string) => text.replaceAll('_', ' ');

/** One vending machine's stock report form: kits left and whether it was restocked. */
function StockForm({ point, onSaved }: { point: AccessPoint; onSaved: (message: string) => void }) {
  const [kits, setKits] = useState('');
  const [restocked, setRestocked] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = await api<AccessPoint>(`/api/v1/naloxone/access-points/${point.id}/stock`, {
        method: 'POST',
        body: JSON.stringify({ kits_left: Number(kits), restocked }),
      });
      setKits('');
      onSaved(`${saved.name}: ${saved.last_stock?.kits_left} kits left recorded`);
    } catch (e) {
      onSaved(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        Kits left{' '}
        <input
          type="number"
          min={0}
          required
          value={kits}
          onChange={(e) => setKits(e.target.value)}
          size={4}
        />
      </label>{' '}
      <label>
        <input type="checkbox" checked={restocked} onChange={(e) => setRestocked(e.target.checked)} />{' '}
        restocked
      </label>{' '}
      <button type="submit">Report stock</button>
    </form>
  );
}

/** The form that adds an access point: name, kind, address, point and one weekly opening. */
function AddAccessPoint({ onSaved }: { onSaved: (message: string) => void }) {
  const [form, setForm] = useState({
    name: '',
    site_type: 'pharmacy',
    address: '',
    latitude: '',
    longitude: '',
    opens_at: '09:00',
    closes_at: '17:00',
  });
  const [days, setDays] = useState<string[]>(['MO', 'TU', 'WE', 'TH', 'FR']);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = await api<AccessPoint>('/api/v1/naloxone/access-points', {
        method: 'POST',
        body: JSON.stringify({
          name: form.name,
          site_type: form.site_type,
          address: form.address || null,
          latitude: Number(form.latitude),
          longitude: Number(form.longitude),
          hours: days.length ? [{ byday: days, opens_at: form.opens_at, closes_at: form.closes_at }] : [],
        }),
      });
      onSaved(`${saved.name} added in ${saved.area_name}`);
    } catch (e) {
      onSaved(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <details>
      <summary>Add an access point</summary>
      <form className="stacked-form" onSubmit={submit}>
        <label>
          Name <input required value={form.name} onChange={set('name')} />
        </label>
        <label>
          Kind{' '}
          <select value={form.site_type} onChange={set('site_type')}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {words(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Address <input value={form.address} onChange={set('address')} />
        </label>
        <label>
          Latitude <input required inputMode="decimal" value={form.latitude} onChange={set('latitude')} />
        </label>
        <label>
          Longitude <input required inputMode="decimal" value={form.longitude} onChange={set('longitude')} />
        </label>
        <fieldset>
          <legend>Open on</legend>
          {DAYS.map((d) => (
            <label key={d}>
              <input
                type="checkbox"
                checked={days.includes(d)}
                onChange={(e) => setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d))}
              />{' '}
              {d}{' '}
            </label>
          ))}
        </fieldset>
        <label>
          Opens <input type="time" value={form.opens_at} onChange={set('opens_at')} />
        </label>
        <label>
          Closes <input type="time" value={form.closes_at} onChange={set('closes_at')} />
        </label>
        <button type="submit">Add access point</button>
      </form>
    </details>
  );
}

/**
 * Where naloxone can be had: each access point's kind, area, hours and whether it is open now, and a
 * vending machine's last stock (low ones marked). Managers add points, retire them and report stock.
 */
export function AccessPoints({ manage }: { manage: boolean }) {
  const [version, setVersion] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const page = useApi<AccessPointPage>('/api/v1/naloxone/access-points?limit=500', version);
  const saved = (text: string) => {
    setMessage(text);
    setVersion((v) => v + 1);
  };
  const retire = async (point: AccessPoint) => {
    try {
      await api(`/api/v1/naloxone/access-points/${point.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ active: !point.active }),
      });
      saved(`${point.name} ${point.active ? 'retired' : 'active again'}`);
    } catch (e) {
      saved(e instanceof Error ? e.message : String(e));
    }
  };
  const points = page.data?.access_points ?? [];
  return (
    <section aria-labelledby="naloxone-access-points">
      <h2 id="naloxone-access-points">Access points ({points.filter((p) => p.active).length} active)</h2>
      {message && <p role="status">{message}</p>}
      {page.error && <p role="alert">{page.error}</p>}
      {page.data && points.length === 0 && <p className="empty-state">No access points recorded yet.</p>}
      {points.length > 0 && (
        <div className="table-scroll">
          <table className="naloxone-access-points">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Area</th>
                <th scope="col">Hours</th>
                <th scope="col">Open now</th>
                <th scope="col">Stock</th>
                {manage && <th scope="col">Manage</th>}
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.id} data-access-point-row={p.name} className={p.active ? undefined : 'muted'}>
                  <th scope="row">
                    {p.name}
                    {p.address && <div className="muted">{p.address}</div>}
                  </th>
                  <td>{words(p.site_type)}</td>
                  <td>{p.area_name ?? '–'}</td>
                  <td>{p.hours_text ?? 'hours unknown'}</td>
                  <td>
                    {p.active ? (p.open_now === null ? '–' : p.open_now ? 'open' : 'closed') : 'retired'}
                  </td>
                  <td>
                    {p.site_type !== 'vending_machine'
                      ? '–'
                      : p.last_stock
                        ? `${p.last_stock.kits_left} kits left (${p.last_stock.reported_at.slice(0, 10)})`
                        : 'no report yet'}
                    {p.low_stock && (
                      <strong className="low-stock"> Low: at or under {p.low_stock_kits} kits</strong>
                    )}
                  </td>
                  {manage && (
                    <td>
                      {p.site_type === 'vending_machine' && p.active && (
                        <StockForm point={p} onSaved={saved} />
                      )}
                      <button type="button" onClick={() => retire(p)}>
                        {p.active ? 'Retire' : 'Reactivate'}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && <AddAccessPoint onSaved={saved} />}
    </section>
  );
}
