import { BadReference, decodeReferences } from './xml-references.js';

/** A start tag as written: its qualified name, attributes in order (values decoded) and whether it ends `/>`. */
export interface StartTag {
  name: string;
  attributes: [string, string][];
  selfClosing: boolean;
}

const NAME = /[^\s/>="'<&]+/y;
const SPACE = /[ \t\r\n]+/y;
/** A start tag with a name and nothing else, `<eTimes.01>`: most tags of a document. */
const BARE_TAG = /^<[^\s/>="'<&]+>$/;
/** XML's Name production, with the non-ASCII ranges taken whole (a reader, not a validator of scripts). */
const XML_NAME = /^[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*$/;

/** Names already checked: a document repeats a few hundred names millions of times. */
const checkedNames = new Map<string, boolean>();
const MAX_CHECKED_NAMES = 10_000;

/** Whether `name` is a well-formed XML name. */
export function isXmlName(name: string): boolean {
  let wellFormed = checkedNames.get(name);
  if (wellFormed === undefined) {
    wellFormed = XML_NAME.test(name);
    if (checkedNames.size < MAX_CHECKED_NAMES) checkedNames.set(name, wellFormed);
  }
  return wellFormed;
}

/** The name without its namespace prefix. */
export function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}

function matchAt(pattern: RegExp, text: string, at: number): string | null {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0] ?? null;
}

/**
 * Parses one complete start tag, `<` to `>` (quotes already balanced by the scanner). Returns the tag,
 * or a sentence saying what is wrong with it.
 */
export function parseStartTag(raw: string): StartTag | string {
  if (BARE_TAG.test(raw)) {
    const bare = raw.slice(1, -1);
    if (isXmlName(bare)) return { name: bare, attributes: [], selfClosing: false };
  }
  const selfClosing = raw.endsWith('/>');
  const end = raw.length - (selfClosing ? 2 : 1);
  const name = matchAt(NAME, raw, 1);
  if (name === null || !isXmlName(name)) return `"${raw.slice(0, 40)}" does not start with an element name`;
  const attributes: [string, string][] = [];
  const seen = new Set<string>();
  let at = 1 + name.length;
  for (;;) {
    const space = matchAt(SPACE, raw, at);
    if (space !== null) at += space.length;
    if (at >= end) break;
    if (space === null) return `<${name}> needs a space before "${raw.slice(at, at + 20)}"`;
    const attribute = matchAt(NAME, raw, at);
    if (attribute === null || !isXmlName(attribute)) {
      return `<${name}> has "${raw.slice(at, at + 20)}" where an attribute name should be`;
    }
    at += attribute.length;
    at += matchAt(SPACE, raw, at)?.length ?? 0;
    if (raw[at] !== '=') return `the attribute ${attribute} of <${name}> has no value`;
    at += 1;
    at += matchAt(SPACE, raw, at)?.length ?? 0;
    const quote = raw[at];
    if (quote !== '"' && quote !== "'") return `the value of ${attribute} on <${name}> is not in quotes`;
    const close = raw.indexOf(quote, at + 1);
    if (close === -1 || close >= end) return `the value of ${attribute} on <${name}> is not closed`;
    const value = raw.slice(at + 1, close);
    if (value.includes('<')) return `the value of ${attribute} on <${name}> holds a "<"`;
    if (seen.has(attribute)) return `<${name}> has the attribute ${attribute} twice`;
    seen.add(attribute);
    try {
      // Attribute-value normalization (XML 1.0 section 3.3.3): each white-space character becomes a space.
      attributes.push([attribute, decodeReferences(value.replace(/\r\n|[\t\n\r]/g, ' '))]);
    } catch (error) {
      if (error instanceof BadReference) return `the value of ${attribute} on <${name}>: ${error.message}`;
      throw error;
    }
    at = close + 1;
  }
  return { name, attributes, selfClosing };
}
