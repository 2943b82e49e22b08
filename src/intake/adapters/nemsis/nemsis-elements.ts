import type { XmlElement } from '../../../platform/xml/xml-reader.js';

/**
 * Reading NEMSIS elements the way the standard means them: an element with xsi:nil or a Not Value
 * (NV) carries no value, and an element with a Pertinent Negative (PN) records that something was
 * NOT so (a symptom absent, a medication not given), so it is never read as a positive value.
 */

/** The elements reached by following child names from an element (every match at each step). */
export function elementsAt(from: XmlElement, path: readonly string[]): XmlElement[] {
  let level: XmlElement[] = [from];
  for (const name of path) level = level.flatMap((e) => e.children.filter((c) => c.name === name));
  return level;
}

/** Every element of a name anywhere below an element, in document order. */
export function descendantsNamed(from: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name === name) found.push(c);
      walk(c);
    }
  };
  walk(from);
  return found;
}

/** Whether an element is explicitly empty: xsi:nil="true" or a Not Value. */
export function isNil(e: XmlElement): boolean {
  const nil = e.attributes['xsi:nil'];
  return nil === 'true' || nil === '1' || e.attributes.NV !== undefined;
}

/** Whether an element is a Pertinent Negative (the thing named was absent, refused, not done). */
export function isPertinentNegative(e: XmlElement): boolean {
  return e.attributes.PN !== undefined;
}

/** The element's value as a positive fact: its trimmed text, or null when nil, a Not Value, a PN or empty. */
export function positiveValue(e: XmlElement): string | null {
  if (isNil(e) || isPertinentNegative(e)) return null;
  const text = e.text.trim();
  return text === '' ? null : text;
}

/** The positive values of the elements at a path below an element, in document order. */
export function valuesAt(from: XmlElement, path: readonly string[]): string[] {
  return elementsAt(from, path)
    .map(positiveValue)
    .filter((v): v is string => v !== null);
}

/** The first positive value of an element name anywhere below a section of the record. */
export function firstValueIn(record: XmlElement, section: string, name: string): string | null {
  for (const s of elementsAt(record, [section])) {
    for (const e of descendantsNamed(s, name)) {
      const value = positiveValue(e);
      if (value !== null) return value;
    }
  }
  return null;
}
