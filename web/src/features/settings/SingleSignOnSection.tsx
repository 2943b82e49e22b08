import { type FormEvent, useState } from 'react';
import { ApiError, api, type JsonResponse } from '../../shared/api';
import type { Role } from '../../shared/api-responses';
import { roleNames } from '../../shared/navigation';
import { useApi } from '../../shared/useApi';

const PROVIDERS_URL = '/api/v1/admin/identity-providers';
// The jurisdiction's organizations, as administrators already list them for sharing agreements.
const ORGANIZATIONS_URL = '/api/v1/sharing-agreements/parties';

type ProviderList = JsonResponse<typeof PROVIDERS_URL>;
type Provider = ProviderList['identity_providers'][number];
type Organizations = JsonResponse<typeof ORGANIZATIONS_URL>;

/** A claim-to-role rule as the form edits it: the test is one of equals or contains. */
interface RuleDraft {
  claim: string;
  test: 'contains' | 'equals';
  value: string;
  role: Role;
  organization_id: string;
}

/** The form's state: the provider's settings as typed (a blank secret keeps the stored one). */
interface Draft {
  display_name: string;
  issuer_url: string;
  client_id: string;
  client_secret: string;
  scopes: string;
  enabled: boolean;
  jit_accounts: boolean;
  manages_roles: boolean;
  role_rules: RuleDraft[];
}

const EMPTY: Draft = {
  display_name: '',
  issuer_url: '',
  client_id: '',
  client_secret: '',
  scopes: 'openid email profile',
  enabled: true,
  jit_accounts: false,
  manages_roles: false,
  role_rules: [],
};
const NEW_RULE: RuleDraft = {
  claim: 'groups',
  test: 'contains',
  value: '',
  role: 'analyst',
  organization_id: '',
};
const ROLES = Object.keys(roleNames) as Role[];

function draftOf(p: Provider): Draft {
  return {
    display_name: p.display_name,
    issuer_url: p.issuer_url,
    client_id: p.client_id,
    client_secret: '',
    scopes: p.scopes.join(' '),
    enabled: p.enabled,
    jit_accounts: p.jit_accounts,
    manages_roles: p.manages_roles,
    role_rules: p.role_rules.map((r) => ({
      claim: r.claim,
      test: r.contains !== undefined ? 'contains' : 'equals',
      value: r.contains ?? r.equals ?? '',
      role: r.role,
      organization_id: r.organization_id ?? '',
    })),
  };
}

/** The API body of a draft: the secret only when one was typed. */
function bodyOf(d: Draft) {
  return {
    display_name: d.display_name,
    issuer_url: d.issuer_url,
    client_id: d.client_id,
    ...(d.client_secret ? { client_secret: d.client_secret } : {}),
    scopes: d.scopes.split(/\s+/).filter(Boolean),
    enabled: d.enabled,
    jit_accounts: d.jit_accounts,
    manages_roles: d.manages_roles,
    role_rules: d.role_rules.map((r) => ({
      claim: r.claim,
      [r.test]: r.value,
      role: r.role,
      ...(r.organization_id ? { organization_id: r.organization_id } : {}),
    })),
  };
}

/**
 * The settings page's "Single sign-on" section: the jurisdiction's OpenID Connect providers (the
 * redirect URI to register at them, client, whether unknown users get accounts, whether the rules manage
 * roles) and their claim-to-role rules, first match wins. Self-contained: the page mounts it as is.
 */
export function SingleSignOnSection() {
  const [version, setVersion] = useState(0);
  const list = useApi<ProviderList>(PROVIDERS_URL, version);
  const organizations = useApi<Organizations>(ORGANIZATIONS_URL);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const set = (changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes }));
  const setRule = (index: number, changes: Partial<RuleDraft>) =>
    set({ role_rules: draft.role_rules.map((r, i) => (i === index ? { ...r, ...changes } : r)) });

  const startEditing = (p: Provider | null) => {
    setEditing(p?.id ?? null);
    setDraft(p ? draftOf(p) : EMPTY);
    setError(null);
    setStatus(null);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    try {
      await api(editing ? `${PROVIDERS_URL}/${editing}` : PROVIDERS_URL, {
        method: editing ? 'PATCH' : 'POST',
        body: JSON.stringify(bodyOf(draft)),
      });
      const saved = editing ? `Saved ${draft.display_name}` : `Added ${draft.display_name}`;
      startEditing(null);
      setStatus(saved);
      setVersion((v) => v + 1);
    } catch (e) {
      const field = e instanceof ApiError ? (e.details as { field?: string } | null)?.field : undefined;
      setError(`${e instanceof Error ? e.message : String(e)}${field ? ` (${field})` : ''}`);
    }
  };
  const remove = async (p: Provider) => {
    if (!window.confirm(`Remove ${p.display_name}? Its users keep their accounts.`)) return;
    await api(`${PROVIDERS_URL}/${p.id}`, { method: 'DELETE' }).catch((e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );
    setVersion((v) => v + 1);
  };

  return (
    <section className="sso-settings" aria-labelledby="sso-heading">
      <h2 id="sso-heading">Single sign-on</h2>
      <p>
        Users may sign in with an OpenID Connect provider. Register SOS at the provider as a confidential
        client with this redirect URI: <code>{list.data?.redirect_uri ?? '…'}</code>
      </p>
      {list.error && (
        <p role="alert" className="error">
          {list.error}
        </p>
      )}
      {list.data && list.data.identity_providers.length === 0 && <p>No provider yet.</p>}
      {list.data && list.data.identity_providers.length > 0 && (
        <table>
          <caption>Identity providers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Issuer</th>
              <th scope="col">Enabled</th>
              <th scope="col">New accounts</th>
              <th scope="col">Rules</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.identity_providers.map((p) => (
              <tr key={p.id}>
                <td>{p.display_name}</td>
                <td>{p.issuer_url}</td>
                <td>{p.enabled ? 'Yes' : 'No'}</td>
                <td>{p.jit_accounts ? 'Made on first sign-in' : 'Existing users only'}</td>
                <td>{p.role_rules.length}</td>
                <td>
                  <button type="button" onClick={() => startEditing(p)}>
                    Edit {p.display_name}
                  </button>{' '}
                  <button type="button" onClick={() => remove(p)}>
                    Remove {p.display_name}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={save} aria-label={editing ? 'Edit identity provider' : 'Add an identity provider'}>
        <h3>{editing ? `Edit ${draft.display_name}` : 'Add an identity provider'}</h3>
        <label>
          Display name (on the sign-in button)
          <input
            required
            value={draft.display_name}
            onChange={(e) => set({ display_name: e.target.value })}
          />
        </label>
        <label>
          Issuer URL
          <input
            required
            type="url"
            value={draft.issuer_url}
            onChange={(e) => set({ issuer_url: e.target.value })}
          />
        </label>
        <label>
          Client ID
          <input required value={draft.client_id} onChange={(e) => set({ client_id: e.target.value })} />
        </label>
        <label>
          Client secret{editing ? ' (blank: keep the stored one)' : ''}
          <input
            type="password"
            autoComplete="off"
            required={!editing}
            value={draft.client_secret}
            onChange={(e) => set({ client_secret: e.target.value })}
          />
        </label>
        <label>
          Scopes
          <input value={draft.scopes} onChange={(e) => set({ scopes: e.target.value })} />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          Enabled (shown on the sign-in page)
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={draft.jit_accounts}
            onChange={(e) => set({ jit_accounts: e.target.checked })}
          />
          Make an account for an unknown user whose claims match a rule
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={draft.manages_roles}
            onChange={(e) => set({ manages_roles: e.target.checked })}
          />
          The rules also set existing users' roles at each sign-in
        </label>
        <fieldset>
          <legend>Claim-to-role rules (the first that matches wins; none matching: refused)</legend>
          {draft.role_rules.map((rule, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rules are edited in place and have no id.
            <div className="role-rule" key={index}>
              <label>
                Claim
                <input
                  required
                  value={rule.claim}
                  onChange={(e) => setRule(index, { claim: e.target.value })}
                />
              </label>
              <label>
                Test
                <select
                  value={rule.test}
                  onChange={(e) => setRule(index, { test: e.target.value as RuleDraft['test'] })}
                >
                  <option value="contains">contains</option>
                  <option value="equals">equals</option>
                </select>
              </label>
              <label>
                Value
                <input
                  required
                  value={rule.value}
                  onChange={(e) => setRule(index, { value: e.target.value })}
                />
              </label>
              <label>
                Role
                <select value={rule.role} onChange={(e) => setRule(index, { role: e.target.value as Role })}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleNames[r]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Organization
                <select
                  value={rule.organization_id}
                  onChange={(e) => setRule(index, { organization_id: e.target.value })}
                >
                  <option value="">None</option>
                  {organizations.data?.organizations.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                onClick={() => set({ role_rules: draft.role_rules.filter((_, i) => i !== index) })}
              >
                Remove rule {index + 1}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ role_rules: [...draft.role_rules, NEW_RULE] })}>
            Add a rule
          </button>
        </fieldset>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {status && <output>{status}</output>}
        <div>
          <button type="submit" className="primary">
            {editing ? 'Save provider' : 'Add provider'}
          </button>{' '}
          {editing && (
            <button type="button" onClick={() => startEditing(null)}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
