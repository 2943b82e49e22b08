import { useState } from 'react';
import { useApi } from '../../shared/useApi';
import { SchoolsSection } from '../outreach/SchoolsSection';
import { ApiKeysSection } from './ApiKeysSection';
import { OrganizationForm } from './OrganizationForm';
import { ADMIN_API, type Organization, type OrganizationList, TYPE_NAMES } from './organization-contract';
import './organizations.css';

/**
 * The administrator's organizations: the agencies of the jurisdiction with their contacts, one chosen
 * to edit and to manage its API keys, a form to add one; and the schools that Handle with Care notices
 * go to.
 */
export function OrganizationsPage() {
  const [version, setVersion] = useState(0);
  const list = useApi<OrganizationList>(`${ADMIN_API}/organizations`, version);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const organizations = list.data?.organizations ?? [];
  const chosen = organizations.find((o) => o.id === chosenId) ?? null;
  const saved = (what: string) => (o: Organization) => {
    setStatus(`${what} ${o.name}.`);
    setChosenId(o.id);
    setVersion((v) => v + 1);
  };

  return (
    <section className="organizations" aria-labelledby="organizations-title">
      <h1 id="organizations-title">Organizations</h1>
      <p className="muted">
        The agencies that send reports or take part in outreach. Choose one to edit it and manage the API keys
        of its systems.
      </p>
      {list.error && <p role="alert">{list.error}</p>}
      {status && (
        <p className="notice" role="status">
          {status}
        </p>
      )}
      <table>
        <caption>Organizations of this jurisdiction</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Contacts</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {organizations.map((o) => (
            <tr key={o.id} aria-selected={o.id === chosenId}>
              <td>{o.name}</td>
              <td>{TYPE_NAMES[o.type] ?? o.type}</td>
              <td>
                {o.contacts
                  .map((c) => [c.name, c.role, c.email, c.phone].filter(Boolean).join(', '))
                  .join('; ') || '–'}
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => setChosenId(o.id)}>
                  Manage <span className="visually-hidden">{o.name}</span>
                </button>
              </td>
            </tr>
          ))}
          {list.data && organizations.length === 0 && (
            <tr>
              <td colSpan={4}>No organization yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      {chosen && (
        <>
          <OrganizationForm
            key={`${chosen.id}-${version}`}
            organization={chosen}
            types={list.data?.types ?? []}
            onSaved={saved('Saved')}
            onCancel={() => setChosenId(null)}
          />
          <ApiKeysSection key={chosen.id} organization={chosen} />
        </>
      )}
      {list.data && <OrganizationForm organization={null} types={list.data.types} onSaved={saved('Added')} />}
      <SchoolsSection />
    </section>
  );
}
