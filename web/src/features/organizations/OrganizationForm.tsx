import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../../shared/api';
import { ADMIN_API, type Contact, type Organization, TYPE_NAMES } from './organization-contract';

/** The form's state: the organization's fields as typed (raw keys as one comma-separated line). */
interface Draft {
  name: string;
  type: string;
  contacts: { name: string; role: string; email: string; phone: string }[];
  rawKeys: string;
}

const BLANK_CONTACT = { name: '', role: '', email: '', phone: '' };

function draftOf(o: Organization | null): Draft {
  if (!o) return { name: '', type: 'ems', contacts: [], rawKeys: '' };
  return {
    name: o.name,
    type: o.type,
    contacts: o.contacts.map((c) => ({
      name: c.name,
      role: c.role ?? '',
      email: c.email ?? '',
      phone: c.phone ?? '',
    })),
    rawKeys: o.allowed_raw_keys.join(', '),
  };
}

/** A contact as the API takes it: blank fields are none. */
const contactBody = (c: Draft['contacts'][number]): Contact => ({
  name: c.name.trim(),
  role: c.role.trim() || null,
  email: c.email.trim() || null,
  phone: c.phone.trim() || null,
});

/**
 * Adds an organization, or edits the one given: name, type from the vocabulary, the people to call
 * there, and the extra keys of its records that the intake keeps.
 */
export function OrganizationForm({
  organization,
  types,
  onSaved,
  onCancel,
}: {
  organization: Organization | null;
  types: readonly string[];
  onSaved: (saved: Organization) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(organization));
  const [error, setError] = useState<string | null>(null);
  const setContact = (index: number, field: keyof typeof BLANK_CONTACT, value: string) =>
    setDraft((d) => ({
      ...d,
      contacts: d.contacts.map((c, i) => (i === index ? { ...c, [field]: value } : c)),
    }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const saved = await api<Organization>(
        organization ? `${ADMIN_API}/organizations/${organization.id}` : `${ADMIN_API}/organizations`,
        {
          method: organization ? 'PATCH' : 'POST',
          body: JSON.stringify({
            name: draft.name,
            type: draft.type,
            contacts: draft.contacts.map(contactBody),
            allowed_raw_keys: draft.rawKeys
              .split(',')
              .map((k) => k.trim())
              .filter(Boolean),
          }),
        },
      );
      if (!organization) setDraft(draftOf(null));
      onSaved(saved);
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    }
  };

  const title = organization ? `Edit ${organization.name}` : 'Add an organization';
  return (
    <form className="schedule-form organization-form" onSubmit={save} aria-label={title}>
      <h3 className="wide">{title}</h3>
      {error && (
        <p role="alert" className="wide">
          {error}
        </p>
      )}
      <label>
        Name
        <input
          required
          maxLength={300}
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
      </label>
      <label>
        Type
        <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
          {types.map((t) => (
            <option key={t} value={t}>
              {TYPE_NAMES[t] ?? t}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="wide">
        <legend>Contacts</legend>
        {draft.contacts.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: contacts have no id; the row is its place in the list.
          <div key={i} className="contact-row">
            <label>
              Name
              <input
                required
                maxLength={200}
                value={c.name}
                onChange={(e) => setContact(i, 'name', e.target.value)}
              />
            </label>
            <label>
              Role
              <input maxLength={200} value={c.role} onChange={(e) => setContact(i, 'role', e.target.value)} />
            </label>
            <label>
              Email
              <input
                type="email"
                maxLength={320}
                value={c.email}
                onChange={(e) => setContact(i, 'email', e.target.value)}
              />
            </label>
            <label>
              Phone
              <input
                type="tel"
                maxLength={60}
                value={c.phone}
                onChange={(e) => setContact(i, 'phone', e.target.value)}
              />
            </label>
            <button
              type="button"
              className="link-button"
              onClick={() => setDraft((d) => ({ ...d, contacts: d.contacts.filter((_, j) => j !== i) }))}
            >
              Remove <span className="visually-hidden">contact {c.name}</span>
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => setDraft((d) => ({ ...d, contacts: [...d.contacts, { ...BLANK_CONTACT }] }))}
          disabled={draft.contacts.length >= 20}
        >
          Add a contact
        </button>
      </fieldset>
      <label className="wide">
        Extra record keys the intake keeps (comma-separated)
        <input value={draft.rawKeys} onChange={(e) => setDraft({ ...draft, rawKeys: e.target.value })} />
      </label>
      <button type="submit" className="primary">
        {organization ? 'Save changes' : 'Add organization'}
      </button>
      {onCancel && (
        <button type="button" className="link-button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </form>
  );
}
