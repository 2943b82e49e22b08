import type { ReactNode } from 'react';
import { word } from './outreach-words';
import type { Refusal } from './waiting-sends';

/** What to do about a refusal, by code, after the server's own words. */
const NEXT_STEP: Record<string, string> = {
  CONSENT_REQUIRED: 'Record the survivor’s consent first, or change this.',
  OUTREACH_MATERIALS_NOT_ALLOWED: 'Leave nothing unless the survivor was reached or agreed to a drop-off.',
  OUTREACH_ATTEMPT_CAP: 'Ask your coordinator: only they can record why to go on.',
  OUTREACH_CASE_CLOSED: 'The case is closed; nothing more can be recorded on it.',
  NOT_FOUND: 'The case is no longer yours to record on; ask your coordinator.',
  AGREEMENT_REQUIRED: 'Ask your administrator for a sharing agreement with this organization.',
};

/** The refusal in plain words: the server's message and the next step. */
export function refusalText(refusal: Refusal): string {
  const next = NEXT_STEP[refusal.code];
  return next ? `${refusal.message}. ${next}` : refusal.message;
}

/** The refusal shown beside the field it names (nothing when it names another field). */
export function FieldProblem({ refusal, field, id }: { refusal: Refusal | null; field: string; id: string }) {
  if (!refusal || refusal.field !== field) return null;
  return (
    <p id={id} className="field-problem" role="alert">
      {refusalText(refusal)}
    </p>
  );
}

/**
 * A record form's last lines: a refusal no input of the form shows beside itself (`unplaced`), then the
 * submit button.
 */
export function FormFooter({
  unplaced,
  busy,
  ready,
  label,
}: {
  unplaced: Refusal | null | false | undefined;
  busy: boolean;
  ready: boolean;
  label: string;
}) {
  return (
    <>
      {unplaced && (
        <p className="field-problem" role="alert">
          {refusalText(unplaced)}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !ready}>
        {busy ? 'Sending…' : label}
      </button>
    </>
  );
}

/** One choice among codes, as large radio buttons (a phone's thumb, a keyboard's arrows). */
export function ChoiceGroup({
  legend,
  name,
  options,
  value,
  onChange,
  problem,
  labelOf = word,
}: {
  legend: string;
  name: string;
  options: readonly string[];
  value: string;
  onChange: (value: string) => void;
  problem?: ReactNode;
  /** The words of an option (codes by default). */
  labelOf?: (option: string) => string;
}) {
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o} className="choice">
          <input type="radio" name={name} value={o} checked={value === o} onChange={() => onChange(o)} />
          {labelOf(o)}
        </label>
      ))}
      {problem}
    </fieldset>
  );
}

/** Several codes among a list, as large checkboxes. */
export function CheckGroup({
  legend,
  options,
  values,
  onChange,
  problem,
  labelOf = word,
  single = false,
}: {
  legend: string;
  options: readonly string[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  problem?: ReactNode;
  /** The words of an option (codes by default; member ids give names). */
  labelOf?: (option: string) => string;
  /** One option a line, for long labels (names with their role and agency). */
  single?: boolean;
}) {
  return (
    <fieldset className={single ? 'choices single' : 'choices'}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o} className="choice">
          <input
            type="checkbox"
            checked={values.includes(o)}
            onChange={(e) => onChange(e.target.checked ? [...values, o] : values.filter((v) => v !== o))}
          />
          {labelOf(o)}
        </label>
      ))}
      {problem}
    </fieldset>
  );
}

/**
 * The moment a record was made, for its body: the time typed; else the moment it was first saved (a
 * refused record being corrected keeps it, to the millisecond, so the rules judge it by the consents
 * in force then); else now. Never the time it reaches the server, which may be hours later.
 */
export function momentOf(typed: string, kept: string): string {
  if (typed) return new Date(typed).toISOString();
  return kept || new Date().toISOString();
}
