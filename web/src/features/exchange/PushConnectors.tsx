import { type FormEvent, useState } from 'react';
import { ApiError, api, type JsonResponse } from '../../shared/api';
import { useApi } from '../../shared/useApi';

type ConnectorList = JsonResponse<'/api/v1/interop/connectors'>;
type Connector = ConnectorList['connectors'][number];
type ConnectorPage = JsonResponse<'/api/v1/interop/connectors/{id}/deliveries'>;
type Agencies = JsonResponse<'/api/v1/interop/agencies'>;

const CONNECTORS_URL = '/api/v1/interop/connectors';

interface Draft {
  name: string;
  target_url: string;
  organization_id: string;
  sharing_agreement_id: string;
  secret: string;
  enabled: boolean;
}

const EMPTY: Draft = {
  name: '',
  target_url: '',
  organization_id: '',
  sharing_agreement_id: '',
  secret: '',
  enabled: true,
};

const message = (e: unknown) => (e instanceof ApiError ? `${e.message} (${e.code})` : String(e));

/** A connector's deliveries, newest first, with a test send and a retry of failed ones. */
function Deliveries({ connector, onChange }: { connector: Connector; onChange: () => void }) {
  const [version, setVersion] = useState(0);
  const page = useApi<ConnectorPage>(`${CONNECTORS_URL}/${connector.id}/deliveries?limit=50`, version);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = (path: string, done: string) => {
    setError(null);
    setStatus(null);
    api(path, { method: 'POST' })
      .then(() => {
        setStatus(done);
        setVersion((v) => v + 1);
        onChange();
      })
      .catch((e: unknown) => setError(message(e)));
  };
  return (
    <section aria-labelledby={`deliveries-${connector.id}`}>
      <h3 id={`deliveries-${connector.id}`}>Deliveries to {connector.name}</h3>
      <p>
        <button
          type="button"
          onClick={() => act(`${CONNECTORS_URL}/${connector.id}/test`, 'A test was sent.')}
        >
          Send a test
        </button>{' '}
        <button
          type="button"
          onClick={() => {
            setVersion((v) => v + 1);
            onChange();
          }}
        >
          Refresh
        </button>
      </p>
      {error && <p role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
      {page.error && <p role="alert">{page.error}</p>}
      <table className="agreement-table">
        <caption>Newest first; a failed delivery may be sent again</caption>
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">What</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(page.data?.deliveries ?? []).map((d) => (
            <tr key={d.id}>
              <td>{new Date(d.created_at).toLocaleString()}</td>
              <td>{d.kind === 'test' ? 'Test' : `Overdose ${d.overdose_id?.slice(0, 8)}`}</td>
              <td>{d.status}</td>
              <td>{d.attempts}</td>
              <td>{d.last_error ?? ''}</td>
              <td>
                {d.status === 'failed' && (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      act(
                        `${CONNECTORS_URL}/${connector.id}/deliveries/${d.id}/retry`,
                        'The delivery will be sent again.',
                      )
                    }
                  >
                    Retry
                  </button>
                )}
              </td>
            </tr>
          ))}
          {page.data?.deliveries.length === 0 && (
            <tr>
              <td colSpan={6}>No delivery yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Push connectors (analysts): where new and corrected overdoses are sent in ODMAP's fields, signed
 * with the shared secret, under a sharing agreement in force; each connector's deliveries below it.
 */
export function PushConnectors() {
  const [version, setVersion] = useState(0);
  const list = useApi<ConnectorList>(CONNECTORS_URL, version);
  const agencies = useApi<Agencies>('/api/v1/interop/agencies');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const agreements = (list.data?.agreements ?? []).filter(
    (a) => !draft.organization_id || a.party_organization_ids.includes(draft.organization_id),
  );

  const edit = (c: Connector) => {
    setEditing(c.id);
    setDraft({
      name: c.name,
      target_url: c.target_url,
      organization_id: c.organization_id ?? '',
      sharing_agreement_id: c.sharing_agreement_id,
      secret: '',
      enabled: c.enabled,
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      const saved = await api<Connector>(editing ? `${CONNECTORS_URL}/${editing}` : CONNECTORS_URL, {
        method: editing ? 'PUT' : 'POST',
        body: JSON.stringify({
          name: draft.name,
          target_url: draft.target_url,
          organization_id: draft.organization_id || null,
          sharing_agreement_id: draft.sharing_agreement_id || agreements[0]?.id,
          ...(draft.secret ? { secret: draft.secret } : {}),
          enabled: draft.enabled,
        }),
      });
      setStatus(`Saved connector "${saved.name}".`);
      setDraft(EMPTY);
      setEditing(null);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(message(e));
    }
  };

  const shown = list.data?.connectors.find((c) => c.id === open) ?? null;
  return (
    <section aria-labelledby="connectors-title">
      <h2 id="connectors-title">Push connectors</h2>
      <p className="muted">
        New and corrected overdoses are sent to each enabled connector in ODMAP's fields, as JSON signed with
        HMAC-SHA256 over the timestamp and body (headers X-SOS-Timestamp and X-SOS-Signature), and retried
        with backoff when the receiver fails.
      </p>
      {list.error && <p role="alert">{list.error}</p>}
      <table className="agreement-table">
        <caption>Connectors of this jurisdiction</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Sends to</th>
            <th scope="col">Agency</th>
            <th scope="col">Agreement</th>
            <th scope="col">Enabled</th>
            <th scope="col">Delivered / pending / failed</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.connectors ?? []).map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{c.target_url}</td>
              <td>{c.organization_name ?? 'All agencies'}</td>
              <td>{c.sharing_agreement_title ?? 'Not in force'}</td>
              <td>{c.enabled ? 'Yes' : 'No'}</td>
              <td>
                {c.deliveries.delivered} / {c.deliveries.pending} / {c.deliveries.failed}
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => setOpen(c.id)}>
                  Deliveries <span className="visually-hidden">of {c.name}</span>
                </button>{' '}
                <button type="button" className="link-button" onClick={() => edit(c)}>
                  Edit <span className="visually-hidden">{c.name}</span>
                </button>
              </td>
            </tr>
          ))}
          {list.data?.connectors.length === 0 && (
            <tr>
              <td colSpan={7}>No connector yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      {shown && <Deliveries key={shown.id} connector={shown} onChange={() => setVersion((v) => v + 1)} />}

      <h3>{editing ? `Edit "${draft.name}"` : 'Add a connector'}</h3>
      {list.data && list.data.agreements.length === 0 && (
        <p className="empty-state">
          No sharing agreement in force covers line-level overdoses: an administrator records one first.
        </p>
      )}
      {error && <p role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
      <form className="schedule-form" onSubmit={save}>
        <label>
          Name
          <input required value={draft.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label className="wide">
          Target URL
          <input
            required
            type="url"
            value={draft.target_url}
            onChange={(e) => set({ target_url: e.target.value })}
          />
        </label>
        <label>
          Agency
          <select
            value={draft.organization_id}
            onChange={(e) => set({ organization_id: e.target.value, sharing_agreement_id: '' })}
          >
            <option value="">All agencies</option>
            {(agencies.data?.agencies ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sharing agreement
          <select
            required
            value={draft.sharing_agreement_id || agreements[0]?.id || ''}
            onChange={(e) => set({ sharing_agreement_id: e.target.value })}
          >
            {agreements.map((a) => (
              <option key={a.id} value={a.id}>
                {a.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Shared secret{editing ? ' (leave empty to keep)' : ''}
          <input
            type="password"
            autoComplete="new-password"
            minLength={16}
            required={!editing}
            value={draft.secret}
            onChange={(e) => set({ secret: e.target.value })}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />{' '}
          Enabled
        </label>
        <button type="submit" className="primary">
          {editing ? 'Save connector' : 'Add connector'}
        </button>
        {editing && (
          <button
            type="button"
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
