/** A parsed yes/no field: `value` null when the source left it blank or said it was not recorded. */
export type FlexibleBoolean = { readonly ok: true; readonly value: boolean | null } | { readonly ok: false };

const yes: FlexibleBoolean = Object.freeze({ ok: true, value: true });
const no: FlexibleBoolean = Object.freeze({ ok: true, value: false });
const blank: FlexibleBoolean = Object.freeze({ ok: true, value: null });
const invalid: FlexibleBoolean = Object.freeze({ ok: false });

const spellings: ReadonlyArray<readonly [string, FlexibleBoolean]> = [
  ['true', yes],
  ['t', yes],
  ['yes', yes],
  ['y', yes],
  ['1', yes],
  ['false', no],
  ['f', no],
  ['no', no],
  ['n', no],
  ['0', no],
  ['', blank],
  // Exports write "NULL" or "Unknown" where nobody answered; that is a blank, not a wrong value.
  ['null', blank],
  ['unknown', blank],
  ['unk', blank],
  ['n/a', blank],
  ['na', blank],
  ['not recorded', blank],
];

const byKey = new Map(spellings);
// The usual spellings are matched as they come, so most calls skip trimming and lower-casing.
const asWritten = new Map<string, FlexibleBoolean>();
for (const [key, answer] of spellings) {
  for (const variant of [key, key.toUpperCase(), key.charAt(0).toUpperCase() + key.slice(1)]) {
    asWritten.set(variant, answer);
  }
}

/** Reads true/false, yes/no, y/n, 1/0 in any case; blank or "not recorded" spellings give null. */
export function parseFlexibleBoolean(raw: string | boolean | null | undefined): FlexibleBoolean {
  if (typeof raw === 'boolean') return raw ? yes : no;
  if (raw === null || raw === undefined) return blank;
  return asWritten.get(raw) ?? byKey.get(raw.trim().toLowerCase()) ?? invalid;
}
