import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../shared/api';
import type { Role, UserAccount, UserChoices, UserPage } from '../../shared/api-responses';
import { roleNames } from '../../shared/navigation';
import { useApi } from '../../shared/useApi';
import { UserEditor } from './UserEditor';
import { UserInviteForm } from './UserInviteForm';
import { errorText, STATUS_TITLES } from './user-words';

const USERS_URL = '/api/v1/admin/users';

/** A time as the administrator reads it: the date and minute in their own time zone. */
function shortTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : 'Never';
}

interface Filter {
  role: Role | '';
  organization_id: string;
  status: UserAccount['status'] | '';
}

/**
 * The administrator's users: a filtered list, an invitation form, and the chosen user's panel where
 * the role, organization, programs and access change.
 */
export function UsersPage() {
  const choices = useApi<UserChoices>(`${USERS_URL}/choices`);
  const [filter, setFilter] = useState<Filter>({ role: '', organization_id: '', status: '' });
  const [version, setVersion] = useState(0);
  const [users, setUsers] = useState<UserAccount[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);

  const query = new URLSearchParams(
    Object.entries(filter).filter(([, value]) => value !== '') as [string, string][],
  ).toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is a reload trigger, not read inside.
  useEffect(() => {
    let current = true;
    api<UserPage>(`${USERS_URL}${query ? `?${query}` : ''}`)
      .then((page) => {
        if (!current) return;
        setUsers(page.users);
        setNext(page.next_cursor);
        setError(null);
      })
      .catch((e: unknown) => current && setError(errorText(e)));
    return () => {
      current = false;
    };
  }, [query, version]);

  const more = async () => {
    if (!next) return;
    try {
      const page = await api<UserPage>(`${USERS_URL}?${query}${query ? '&' : ''}cursor=${next}`);
      setUsers((list) => [...list, ...page.users]);
      setNext(page.next_cursor);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const changed = (user: UserAccount) => {
    setChosen(user.id);
    setVersion((v) => v + 1);
  };
  const selected = users.find((u) => u.id === chosen) ?? null;

  return (
    <section className="users" aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <p className="muted">
        Invite people by email: they choose their own password from a one-time link. Disabling a user signs
        them out everywhere at once.
      </p>
      <form className="filters" aria-label="Filter users" onSubmit={(e: FormEvent) => e.preventDefault()}>
        <label>
          Role
          <select
            value={filter.role}
            onChange={(e) => setFilter({ ...filter, role: e.target.value as Filter['role'] })}
          >
            <option value="">Any role</option>
            {(choices.data?.roles ?? []).map((r) => (
              <option key={r} value={r}>
                {roleNames[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Organization
          <select
            value={filter.organization_id}
            onChange={(e) => setFilter({ ...filter, organization_id: e.target.value })}
          >
            <option value="">Any organization</option>
            {(choices.data?.organizations ?? []).map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select
            value={filter.status}
            onChange={(e) => setFilter({ ...filter, status: e.target.value as Filter['status'] })}
          >
            <option value="">Any status</option>
            {(Object.keys(STATUS_TITLES) as UserAccount['status'][]).map((s) => (
              <option key={s} value={s}>
                {STATUS_TITLES[s]}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && <p role="alert">{error}</p>}
      <table className="users-table">
        <caption>Users of this jurisdiction, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Organization</th>
            <th scope="col">Programs</th>
            <th scope="col">Status</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} aria-selected={u.id === chosen}>
              <td>{u.display_name}</td>
              <td>{u.email}</td>
              <td>{roleNames[u.role]}</td>
              <td>{u.organization?.name ?? '—'}</td>
              <td>{u.programs.map((p) => p.name).join('; ') || '—'}</td>
              <td>{STATUS_TITLES[u.status]}</td>
              <td>{shortTime(u.last_sign_in_at)}</td>
              <td>
                <button type="button" className="link-button" onClick={() => setChosen(u.id)}>
                  Open <span className="visually-hidden">{u.display_name}</span>
                </button>
              </td>
            </tr>
          ))}
          {users.length === 0 && !error && (
            <tr>
              <td colSpan={8}>No user matches these filters.</td>
            </tr>
          )}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={more}>
          Show more users
        </button>
      )}
      {selected && choices.data && (
        <UserEditor key={selected.id} user={selected} choices={choices.data} onChanged={changed} />
      )}
      {choices.data && <UserInviteForm choices={choices.data} onInvited={changed} />}
    </section>
  );
}
