import { type FormEvent, useState } from 'react';
import { ApiError, api, type JsonResponse } from '../../shared/api';
import { OUTREACH_API } from './outreach-paths';
import { useRead } from './useRead';

type Schools = JsonResponse<'/api/v1/outreach/schools'>;

const blank = { name: '', district: '', contact_name: '', contact_email: '' };

/**
 * The school directory on the coordinator's page: each school's designated Handle with Care contact,
 * a school added, a school marked closed (inactive: no new notice goes to it).
 */
export function SchoolsSection() {
  const [version, setVersion] = useState(0);
  const schools = useRead<Schools>(`${OUTREACH_API}/schools`, version);
  const [v, setV] = useState(blank);
  const [message, setMessage] = useState<string | null>(null);
  const set = (field: keyof typeof blank) => (e: { target: { value: string } }) =>
    setV((old) => ({ ...old, [field]: e.target.value }));
  const run = async (what: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage(await what());
      setVersion((x) => x + 1);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : String(e));
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api(`${OUTREACH_API}/schools`, {
        method: 'POST',
        body: JSON.stringify({ ...v, district: v.district.trim() || null }),
      });
      setV(blank);
      return `${v.name} added.`;
    });
  };
  const setActive = (id: string, active: boolean) =>
    run(async () => {
      await api(`${OUTREACH_API}/schools/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: JSON.stringify({ active }),
      });
      return active ? 'School reopened.' : 'School closed: no new notice goes to it.';
    });

  return (
    <section aria-labelledby="schools-title">
      <h2 id="schools-title">Schools (Handle with Care contacts)</h2>
      {schools.error && <p role="alert">{schools.error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">School</th>
            <th scope="col">District</th>
            <th scope="col">Contact</th>
            <th scope="col">Open</th>
          </tr>
        </thead>
        <tbody>
          {(schools.data?.schools ?? []).map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.district ?? ''}</td>
              <td>
                {s.contact_name} &lt;{s.contact_email}&gt;
              </td>
              <td>
                <button type="button" onClick={() => void setActive(s.id, !s.active)}>
                  {s.active ? 'Close' : 'Reopen'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <form onSubmit={add} aria-label="Add a school">
        <label>
          Name
          <input value={v.name} onChange={set('name')} required maxLength={300} />
        </label>
        <label>
          District
          <input value={v.district} onChange={set('district')} maxLength={300} />
        </label>
        <label>
          Contact name
          <input value={v.contact_name} onChange={set('contact_name')} required maxLength={300} />
        </label>
        <label>
          Contact email
          <input type="email" value={v.contact_email} onChange={set('contact_email')} required />
        </label>
        <button type="submit">Add school</button>
      </form>
    </section>
  );
}
