import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import type { Agreement, AgreementList, AgreementParties } from '../../shared/api-responses';
import { useApi } from '../../shared/useApi';

const AGREEMENTS_URL = '/api/v1/sharing-agreements';

/** The agreement vocabulary in words (the server's categories). */
const CATEGORY_TITLES: Record<Agreement['data_categories'][number], string> = {
  identifiable_outreach: 'Identifiable outreach records',
  referral_details: 'Referral details',
  part2_records: '42 CFR Part 2 records',
  line_level_overdoses: 'Line-level overdoses (de-identified)',
  partner_aggregates: 'Partner aggregates',
};
const CATEGORIES = Object.keys(CATEGORY_TITLES) as Agreement['data_categories'];

/** The form's state: the agreement's fields as typed, and the file chosen (if any). */
interface Draft {
  title: string;
  parties: string[];
  purpose: string;
  data_categories: Agreement['data_categories'];
  legal_basis: string;
  starts_on: string;
  ends_on: string;
  public: boolean;
  file: File | null;
}

const EMPTY: Draft = {
  title: '',
  parties: [],
  purpose: '',
  data_categories: [],
  legal_basis: '',
  starts_on: '',
  ends_on: '',
  public: false,
  file: null,
};

/** The file's bytes in base64, as the API takes a signed document. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] =>
  on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);

/**
 * The administrator's sharing agreements: the list (parties, categories, term, public or not, the signed
 * document), and one form that records a new agreement or edits the one chosen, uploading its document.
 */
export function AgreementsPage() {
  const [version, setVersion] = useState(0);
  const list = useApi<AgreementList>(AGREEMENTS_URL, version);
  const parties = useApi<AgreementParties>(`${AGREEMENTS_URL}/parties`);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));

  const edit = (a: Agreement) => {
    setEditing(a.id);
    setStatus(null);
    setError(null);
    setDraft({
      title: a.title,
      parties: a.parties.map((p) => p.organization_id),
      purpose: a.purpose,
      data_categories: a.data_categories,
      legal_basis: a.legal_basis,
      starts_on: a.starts_on,
      ends_on: a.ends_on ?? '',
      public: a.public,
      file: null,
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      const body = {
        title: draft.title,
        parties: draft.parties,
        purpose: draft.purpose,
        data_categories: draft.data_categories,
        legal_basis: draft.legal_basis,
        starts_on: draft.starts_on,
        ends_on: draft.ends_on || null,
        public: draft.public,
        ...(draft.file
          ? {
              document: {
                name: draft.file.name,
                type: draft.file.type || 'application/pdf',
                base64: await base64Of(draft.file),
              },
            }
          : {}),
      };
      const saved = await api<Agreement>(editing ? `${AGREEMENTS_URL}/${editing}` : AGREEMENTS_URL, {
        method: editing ? 'PATCH' : 'POST',
        body: JSON.stringify(body),
      });
      setStatus(`Saved "${saved.title}".`);
      setEditing(null);
      setDraft(EMPTY);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    }
  };

  return (
    <section className="agreements" aria-labelledby="agreements-title">
      <h1 id="agreements-title">Sharing agreements</h1>
      <p className="muted">
        Identifiable data leaves a program only under the person's consent and one of these agreements. Public
        agreements are listed on the public dashboard.
      </p>
      {list.error && <p role="alert">{list.error}</p>}
      <table className="agreement-table">
        <caption>Agreements of this jurisdiction</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Parties</th>
            <th scope="col">Data</th>
            <th scope="col">Term</th>
            <th scope="col">Public</th>
            <th scope="col">Document</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.agreements ?? []).map((a) => (
            <tr key={a.id}>
              <td>{a.title}</td>
              <td>{a.parties.map((p) => p.name).join('; ')}</td>
              <td>{a.data_categories.map((c) => CATEGORY_TITLES[c]).join('; ')}</td>
              <td>
                {a.starts_on} – {a.ends_on ?? 'open'} {a.in_force ? '(in force)' : '(not in force)'}
              </td>
              <td>{a.public ? 'Yes' : 'No'}</td>
              <td>
                {a.document ? (
                  <a href={`${AGREEMENTS_URL}/${a.id}/document`} title={`SHA-256 ${a.document.sha256}`}>
                    {a.document.name}
                  </a>
                ) : (
                  'None'
                )}
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => edit(a)}>
                  Edit <span className="visually-hidden">{a.title}</span>
                </button>
              </td>
            </tr>
          ))}
          {list.data?.agreements.length === 0 && (
            <tr>
              <td colSpan={7}>No agreement recorded yet.</td>
            </tr>
          )}
        </tbody>
      </table>

      <h2>{editing ? `Edit "${draft.title}"` : 'Record an agreement'}</h2>
      {error && <p role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
      <form className="schedule-form agreement-form" onSubmit={save}>
        <label className="wide">
          Title
          <input required value={draft.title} onChange={(e) => set({ title: e.target.value })} />
        </label>
        <fieldset className="wide">
          <legend>Parties</legend>
          {(parties.data?.organizations ?? []).map((o) => (
            <label key={o.id}>
              <input
                type="checkbox"
                checked={draft.parties.includes(o.id)}
                onChange={(e) => set({ parties: toggle(draft.parties, o.id, e.target.checked) })}
              />{' '}
              {o.name}
            </label>
          ))}
        </fieldset>
        <label className="wide">
          Purpose
          <textarea
            required
            rows={2}
            value={draft.purpose}
            onChange={(e) => set({ purpose: e.target.value })}
          />
        </label>
        <fieldset className="wide">
          <legend>Data it covers</legend>
          {CATEGORIES.map((c) => (
            <label key={c}>
              <input
                type="checkbox"
                checked={draft.data_categories.includes(c)}
                onChange={(e) => set({ data_categories: toggle(draft.data_categories, c, e.target.checked) })}
              />{' '}
              {CATEGORY_TITLES[c]}
            </label>
          ))}
        </fieldset>
        <label className="wide">
          Legal basis
          <input required value={draft.legal_basis} onChange={(e) => set({ legal_basis: e.target.value })} />
        </label>
        <label>
          Starts on
          <input
            type="date"
            required
            value={draft.starts_on}
            onChange={(e) => set({ starts_on: e.target.value })}
          />
        </label>
        <label>
          Ends on (empty: until ended)
          <input type="date" value={draft.ends_on} onChange={(e) => set({ ends_on: e.target.value })} />
        </label>
        <label>
          <input type="checkbox" checked={draft.public} onChange={(e) => set({ public: e.target.checked })} />{' '}
          Listed on the public page
        </label>
        <label className="wide">
          Signed document (PDF, text or Word, at most 5 MB)
          {editing ? ': a new file replaces the old one' : ''}
          <input
            type="file"
            accept=".pdf,.txt,.docx,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            onChange={(e) => set({ file: e.target.files?.[0] ?? null })}
          />
        </label>
        <button type="submit" className="primary">
          {editing ? 'Save changes' : 'Record agreement'}
        </button>
        {editing && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setEditing(null);
              setDraft(EMPTY);
            }}
          >
            Cancel
          </button>
        )}
      </form>
    </section>
  );
}
