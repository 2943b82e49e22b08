import { ApiError } from '../../shared/api';
import type { UserAccount } from '../../shared/api-responses';

/** The statuses in words. */
export const STATUS_TITLES: Record<UserAccount['status'], string> = {
  invited: 'Invited',
  active: 'Active',
  disabled: 'Disabled',
};

/** An error of the API in words, with its code so that support can look it up. */
export function errorText(e: unknown): string {
  return e instanceof ApiError ? `${e.message} (${e.code})` : String(e);
}
