/**
 * Entity and character references. Only XML's five predefined entities and numeric character
 * references are read: without a DTD no other entity can be declared, so any other name is an error
 * rather than something to look up (and nothing is ever expanded from elsewhere).
 */

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** The longest reference worth looking for a `;` in (`&#x10FFFF;` is 10 characters). */
export const MAX_REFERENCE_LENGTH = 12;

/** Whether a code point is a character XML 1.0 allows (production [2] Char). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Thrown for a reference that is not one of the allowed forms; `offset` is where it starts in the text. */
export class BadReference extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'BadReference';
  }
}

/** Replaces the references in `text`; throws `BadReference` on an unknown entity or a bare `&`. */
export function decodeReferences(text: string): string {
  let at = text.indexOf('&');
  if (at === -1) return text;
  let out = '';
  let from = 0;
  while (at !== -1) {
    const end = text.indexOf(';', at + 1);
    if (end === -1 || end - at > MAX_REFERENCE_LENGTH) {
      throw new BadReference('an "&" that starts no reference (write &amp;)', at);
    }
    const name = text.slice(at + 1, end);
    out += text.slice(from, at) + resolve(name, at);
    from = end + 1;
    at = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

function resolve(name: string, offset: number): string {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
  if (numeric) {
    const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
    if (!isXmlChar(code)) throw new BadReference(`&${name}; is not a character XML allows`, offset);
    return String.fromCodePoint(code);
  }
  throw new BadReference(
    `the entity &${name}; is not declared (only &lt; &gt; &amp; &apos; &quot; and character references are read)`,
    offset,
  );
}

/** The first character XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF), or -1. */
export function forbiddenCharacterAt(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML forbids
  return text.search(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
}
