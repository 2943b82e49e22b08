import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';
import type { Role, UserAccount, UserChoices } from '../../shared/api-responses';
import { roleNames } from '../../shared/navigation';
import { ProgramChoice } from './ProgramChoice';
import { errorText } from './user-words';

const EMPTY = {
  email: '',
  display_name: '',
  role: 'analyst' as Role,
  organization_id: '',
  program_ids: [] as string[],
};

/** The invitation form: who, which role, organization and programs; the server mails the one-time link. */
export function UserInviteForm({
  choices,
  onInvited,
}: {
  choices: UserChoices;
  onInvited: (user: UserAccount) => void;
}) {
  const [draft, setDraft] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (changes: Partial<typeof EMPTY>) => setDraft((d) => ({ ...d, ...changes }));
  const worksInPrograms = choices.program_roles.includes(draft.role);

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setStatus(null);
    setBusy(true);
    try {
      const user = await api<UserAccount>('/api/v1/admin/users', {
        method: 'POST',
        body: JSON.stringify({
          email: draft.email,
          display_name: draft.display_name,
          role: draft.role,
          organization_id: draft.organization_id || null,
          program_ids: worksInPrograms ? draft.program_ids : [],
        }),
      });
      setStatus(`Invitation sent to ${user.email}.`);
      setDraft(EMPTY);
      onInvited(user);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2 id="invite-title">Invite a user</h2>
      {error && <p role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
      <form className="schedule-form" aria-labelledby="invite-title" onSubmit={invite}>
        <label>
          Email
          <input type="email" required value={draft.email} onChange={(e) => set({ email: e.target.value })} />
        </label>
        <label>
          Display name
          <input
            required
            value={draft.display_name}
            onChange={(e) => set({ display_name: e.target.value })}
          />
        </label>
        <label>
          Role
          <select value={draft.role} onChange={(e) => set({ role: e.target.value as Role })}>
            {choices.roles.map((r) => (
              <option key={r} value={r}>
                {roleNames[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Organization
          {choices.organization_bound_roles.includes(draft.role) ? ' (required for this role)' : ''}
          <select value={draft.organization_id} onChange={(e) => set({ organization_id: e.target.value })}>
            <option value="">None</option>
            {choices.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        {worksInPrograms && (
          <ProgramChoice
            choices={choices}
            chosen={draft.program_ids}
            onChange={(program_ids) => set({ program_ids })}
          />
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Sending…' : 'Send invitation'}
        </button>
      </form>
    </>
  );
}
