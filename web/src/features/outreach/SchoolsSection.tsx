import { type FormEvent, useState } from 'react';
import { ApiError, api, type JsonResponse } from '../../shared/api';
import { OUTREACH_API } from './outreach-paths';
import { useRead } from './useRead';

type Schools = JsonResponse<'/api/v1/outreach/schools'>;

const blank = { name: '', district: '', contact_name: '', contact_email: '' };

/**
 * The school directory on the coordinator's and the administrator's pages: each school's designated
 * Handle with Care contact, a school added or edited, a school marked closed (inactive: no new notice
 * goes to it).
 */
export function SchoolsSection() {
  const [version, setVersion] = useState(0);
  const schools = useRead<Schools>(`${OUTREACH_API}/schools`, version);
  const [v, setV] = useState(blank);
  // The school the form edits (null: the form adds one).
  const [editing, setEditing] = useState<string | null>(null);
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
  const save = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api(
        editing ? `${OUTREACH_API}/schools/${encodeURIComponent(editing)}` : `${OUTREACH_API}/schools`,
        {
          method: editing ? 'PATCH' : 'POST',
          body: JSON.stringify({ ...v, district: v.district.trim() || null }),
        },
      );
      setV(blank);
      setEditing(null);
      return editing ? `${v.name} saved.` : `${v.name} added.`;
    });
  };
  const edit = (s: Schools['schools'][number]) => {
    setMessage(null);
    setEditing(s.id);
    setV({
      name: s.name,
      district: s.district ?? '',
      contact_name: s.contact_name,
      contact_email: s.contact_email,
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
                </button>{' '}
                <button type="button" className="link-button" onClick={() => edit(s)}>
                  Edit
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
      <form onSubmit={save} aria-label={editing ? 'Edit a school' : 'Add a school'}>
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
        <button type="submit">{editing ? 'Save school' : 'Add school'}</button>
        {editing && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setEditing(null);
              setV(blank);
            }}
          >
            Cancel
          </button>
        )}
      </form>
    </section>
  );
}
