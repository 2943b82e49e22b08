import { useState } from 'react';
import { submitRecord } from './useWaitingSends';
import type { Refusal, WaitingSend } from './waiting-sends';

/** What became of a record sent from a form: stored now, or saved here to be sent later. */
export type Recorded = 'stored' | 'waiting';

/**
 * Sends a form's record through the waiting list. Stored or saved to send later: the draft is
 * cleared (the list now holds what was typed) and `onRecorded` says which. Refused: the refusal is
 * kept for the form to show beside its field, and the draft stays for editing.
 */
export function useRecordSubmit(onRecorded: (how: Recorded) => void) {
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (item: WaitingSend, clearDraft: () => void) => {
    setBusy(true);
    setRefusal(null);
    const outcome = await submitRecord(item);
    setBusy(false);
    if (outcome.kind === 'refused') {
      setRefusal(outcome.refusal);
      return;
    }
    clearDraft();
    onRecorded(outcome.kind === 'stored' ? 'stored' : 'waiting');
  };
  return { refusal, busy, submit };
}
