import { useCallback, useEffect, useState } from 'react';

/** The storage key of a form's draft: per user, case and form, so nothing crosses between them. */
export function draftKey(userId: string, caseId: string, form: string): string {
  return `sos.outreach.draft.${userId}.${caseId}.${form}`;
}

/** Replaces a form's draft (an edit of a refused record opens the form with its values). */
export function writeDraft(key: string, values: unknown): void {
  localStorage.setItem(key, JSON.stringify(values));
}

function readDraft<T extends object>(key: string, blank: () => T): T {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    // Fields the form gained since the draft was saved take their blank values.
    return saved && typeof saved === 'object' ? { ...blank(), ...(saved as Partial<T>) } : blank();
  } catch {
    return blank();
  }
}

/**
 * A form's values, saved in the browser at each change so that a half-filled form survives a reload
 * or a dead battery; `clear` empties it once the record is sent or saved to be sent.
 */
export function useDraft<T extends object>(
  key: string,
  blank: () => T,
): [T, (patch: Partial<T>) => void, () => void] {
  const [values, setValues] = useState(() => readDraft(key, blank));
  useEffect(() => {
    localStorage.setItem(key, JSON.stringify(values));
  }, [key, values]);
  const set = useCallback((patch: Partial<T>) => setValues((v) => ({ ...v, ...patch })), []);
  const clear = useCallback(() => {
    localStorage.removeItem(key);
    setValues(blank());
  }, [key, blank]);
  return [values, set, clear];
}
