import { type FormEvent, useState } from 'react';
import { api } from '../../shared/api';
import type { Role, UserAccount, UserChoices } from '../../shared/api-responses';
import { roleNames } from '../../shared/navigation';
import { ProgramChoice } from './ProgramChoice';
import { UserSessions } from './UserSessions';
import { errorText, STATUS_TITLES } from './user-words';

/**
 * One user's panel: display name, role, organization and programs; disable or enable; send the
 * invitation again; reset the second factors (the MFA administration's route).
 */
export function UserEditor({
  user,
  choices,
  onChanged,
}: {
  user: UserAccount;
  choices: UserChoices;
  onChanged: (user: UserAccount) => void;
}) {
  const [draft, setDraft] = useState({
    display_name: user.display_name,
    role: user.role,
    organization_id: user.organization?.id ?? '',
    program_ids: user.programs.map((p) => p.id),
  });
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const set = (changes: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...changes }));
  const url = `/api/v1/admin/users/${user.id}`;

  const act = async (what: string, path: string, init: RequestInit, done: string) => {
    setError(null);
    setStatus(null);
    try {
      const changed = await api<UserAccount | undefined>(path, init);
      setStatus(done);
      if (changed && 'id' in changed) onChanged(changed);
    } catch (e) {
      setError(`${what}: ${errorText(e)}`);
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    const worksInPrograms = choices.program_roles.includes(draft.role);
    return act(
      'Not saved',
      url,
      {
        method: 'PATCH',
        body: JSON.stringify({
          display_name: draft.display_name,
          role: draft.role,
          organization_id: draft.organization_id || null,
          program_ids: worksInPrograms ? draft.program_ids : [],
        }),
      },
      `Saved ${draft.display_name}.`,
    );
  };

  return (
    <section className="user-editor" aria-labelledby="user-editor-title">
      <h2 id="user-editor-title">
        {user.display_name} <span className="muted">({STATUS_TITLES[user.status]})</span>
      </h2>
      <p className="muted">
        {user.email}
        {user.status === 'invited' &&
          (user.invitation_expires_at
            ? `: the invitation link works until ${new Date(user.invitation_expires_at).toLocaleString()}`
            : ': the invitation link has expired or was closed')}
      </p>
      {error && <p role="alert">{error}</p>}
      {status && <p role="status">{status}</p>}
      <form className="schedule-form" aria-label={`Edit ${user.display_name}`} onSubmit={save}>
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
          <select value={draft.organization_id} onChange={(e) => set({ organization_id: e.target.value })}>
            <option value="">None</option>
            {choices.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        {choices.program_roles.includes(draft.role) && (
          <ProgramChoice
            choices={choices}
            chosen={draft.program_ids}
            onChange={(program_ids) => set({ program_ids })}
          />
        )}
        <button type="submit" className="primary">
          Save changes
        </button>
      </form>
      <div className="schedule-actions">
        {user.status === 'disabled' ? (
          <button
            type="button"
            onClick={() => act('Not enabled', `${url}/enable`, { method: 'POST' }, 'Enabled.')}
          >
            Enable user
          </button>
        ) : (
          <button
            type="button"
            onClick={() =>
              act(
                'Not disabled',
                `${url}/disable`,
                { method: 'POST' },
                'Disabled: every session was signed out.',
              )
            }
          >
            Disable user
          </button>
        )}
        {user.status === 'invited' && (
          <button
            type="button"
            onClick={() =>
              act(
                'Not sent',
                `${url}/invitation`,
                { method: 'POST' },
                `Invitation sent again to ${user.email}.`,
              )
            }
          >
            Send the invitation again
          </button>
        )}
        <button
          type="button"
          onClick={() =>
            act(
              'Second factors not reset',
              `${url}/second-factors/reset`,
              { method: 'POST' },
              'Second factors reset: the user sets one up again at the next sign-in.',
            )
          }
        >
          Reset second factors
        </button>
      </div>
      <UserSessions userId={user.id} email={user.email} />
    </section>
  );
}
