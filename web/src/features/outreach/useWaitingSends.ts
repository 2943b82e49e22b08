import { useCallback, useEffect, useState } from 'react';
import {
  dropWaiting,
  keepWaiting,
  readWaiting,
  type SendOutcome,
  sendRecord,
  sendWaiting,
  settle,
  type WaitingSend,
} from './waiting-sends';

/** Fired on this page when the waiting records change (other tabs fire `storage`). */
const CHANGED = 'sos:outreach-waiting';
/** Fired when the waiting list got records stored, so the pages showing their case read it again. */
export const STORED = 'sos:outreach-stored';

/** How often records still waiting are sent again, besides when the browser comes back online. */
const RETRY_MS = 30_000;

function changed(storedAny: boolean): void {
  window.dispatchEvent(new Event(CHANGED));
  if (storedAny) window.dispatchEvent(new Event(STORED));
}

/** After the browser says it is online again, a second try this much later: the network may lag the event. */
const ONLINE_SECOND_TRY_MS = 3_000;

// One sending round at a time in this page (the timer, the online event and a button may coincide).
let round: Promise<unknown> | null = null;
// A call during a round asks for one more round after it: the round under way may have started
// offline, and what it could not send must not wait for the next timer.
let again = false;

/** Sends the user's waiting records now, or right after the round under way. */
export function sendWaitingNow(userId: string): Promise<unknown> {
  if (round) {
    again = true;
    return round;
  }
  round = (async () => {
    do {
      again = false;
      const counts = await sendWaiting(localStorage, userId, fetch);
      changed(counts.stored > 0);
    } while (again);
  })().finally(() => {
    round = null;
  });
  return round;
}

/**
 * Saves a record before sending it, then sends it. Stored: it leaves the list. Failed: it stays
 * waiting. Refused: it leaves the list, because the form that sent it shows the refusal and keeps
 * what was typed for editing.
 */
export async function submitRecord(item: WaitingSend): Promise<SendOutcome> {
  keepWaiting(localStorage, item);
  changed(false);
  const outcome = await sendRecord(item, fetch);
  if (outcome.kind === 'refused') dropWaiting(localStorage, item.client_id);
  else settle(localStorage, item.client_id, outcome);
  // Not announced as stored: the form that sent it says so and reads its case again itself.
  changed(false);
  return outcome;
}

/** Removes a waiting record on the user's request. */
export function discardWaiting(clientId: string): void {
  dropWaiting(localStorage, clientId);
  changed(false);
}

/**
 * The signed-in user's waiting records, kept current, and sent again on page load, when the browser
 * comes back online, and every half minute.
 */
export function useWaitingSends(userId: string): WaitingSend[] {
  const read = useCallback(() => readWaiting(localStorage).filter((w) => w.user_id === userId), [userId]);
  const [items, setItems] = useState(read);
  useEffect(() => {
    const update = () => setItems(read());
    const resend = () => void sendWaitingNow(userId);
    let secondTry: ReturnType<typeof setTimeout> | undefined;
    const online = () => {
      resend();
      clearTimeout(secondTry);
      secondTry = setTimeout(resend, ONLINE_SECOND_TRY_MS);
    };
    window.addEventListener(CHANGED, update);
    window.addEventListener('storage', update);
    window.addEventListener('online', online);
    const timer = setInterval(resend, RETRY_MS);
    resend();
    return () => {
      window.removeEventListener(CHANGED, update);
      window.removeEventListener('storage', update);
      window.removeEventListener('online', online);
      clearInterval(timer);
      clearTimeout(secondTry);
    };
  }, [read, userId]);
  return items;
}
