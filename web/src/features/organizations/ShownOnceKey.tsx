import { useState } from 'react';

/**
 * A key's secret, shown this once: a warning, the key to select, and a button that copies it. The
 * server keeps only its hash, so once this is closed nobody can show it again.
 */
export function ShownOnceKey({ secret, note, onDone }: { secret: string; note: string; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard
      .writeText(secret)
      .then(() => setCopied('Copied.'))
      .catch(() => setCopied('Copying was refused by the browser: select the key and copy it by hand.'));
  return (
    <section className="shown-once" aria-label="New API key">
      <p>{note}</p>
      <p className="warning">
        <strong>Copy this key now: it is shown only once.</strong> SOS keeps only a fingerprint of it; if it
        is lost, rotate the key.
      </p>
      <input
        readOnly
        aria-label="The new API key"
        className="secret"
        value={secret}
        size={Math.min(secret.length, 60)}
        onFocus={(e) => e.target.select()}
      />{' '}
      <button type="button" onClick={() => void copy()}>
        Copy key
      </button>{' '}
      <button type="button" className="link-button" onClick={onDone}>
        I have stored it
      </button>
      {copied && <span role="status"> {copied}</span>}
    </section>
  );
}
