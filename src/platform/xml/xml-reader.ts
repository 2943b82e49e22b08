import { XmlScanner } from './xml-scanner.js';
import {
  DEFAULT_XML_LIMITS,
  type XmlElement,
  type XmlLimits,
  type XmlRecordItem,
  XmlRefusal,
} from './xml-types.js';

export type { XmlElement, XmlErrorCode, XmlLimits, XmlRecordItem } from './xml-types.js';
export { DEFAULT_XML_LIMITS, XmlRefusal } from './xml-types.js';

/** Pieces fed to the scanner at a time, so that one huge chunk never becomes one huge string. */
const SLICE = 256 * 1024;

function withDefaults(limits: Partial<XmlLimits> | undefined): XmlLimits {
  return { ...DEFAULT_XML_LIMITS, ...limits };
}

/**
 * Streams the records (every element named `recordElement`, at any depth) of a document, constant memory.
 * After an `XML_HOSTILE` or `XML_MALFORMED` error nothing more is yielded; after an `XML_LIMIT` error
 * reading goes on with the next record. Bytes are read as UTF-8 (invalid UTF-8 is `XML_MALFORMED`).
 */
export async function* readXmlRecords(
  input: AsyncIterable<Buffer | string>,
  options: { recordElement: string; limits?: Partial<XmlLimits> },
): AsyncIterable<XmlRecordItem> {
  const recordElement = options.recordElement;
  const scanner = new XmlScanner((name) => name === recordElement, withDefaults(options.limits));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytesRead = 0;
  for await (const chunk of input) {
    for (let at = 0; at < chunk.length; at += SLICE) {
      const piece = chunk.slice(at, at + SLICE);
      if (typeof piece === 'string') scanner.write(piece);
      else {
        let text: string;
        try {
          text = decoder.decode(piece, { stream: true });
        } catch {
          yield invalidUtf8(bytesRead, scanner.currentLine);
          return;
        }
        scanner.write(text);
      }
      bytesRead += piece.length;
      yield* scanner.take();
      if (scanner.done) return;
    }
  }
  try {
    scanner.write(decoder.decode());
  } catch {
    yield invalidUtf8(bytesRead, scanner.currentLine);
    return;
  }
  scanner.end();
  yield* scanner.take();
}

function invalidUtf8(near: number, line: number): XmlRecordItem {
  return {
    kind: 'error',
    index: null,
    line,
    code: 'XML_MALFORMED',
    element: null,
    message: `the document is not valid UTF-8 (near byte ${near})`,
  };
}

/** A small whole document (tests, the HTTP body of one report), with the same guards; its root element. */
export function parseXmlDocument(text: string, limits?: Partial<XmlLimits>): XmlElement {
  const scanner = new XmlScanner((_name, depth) => depth === 1, withDefaults(limits));
  for (let at = 0; at < text.length && !scanner.done; at += SLICE) scanner.write(text.slice(at, at + SLICE));
  scanner.end();
  let root: XmlElement | null = null;
  for (const item of scanner.take()) {
    if (item.kind === 'error') throw new XmlRefusal(item.code, item.element, item.line, item.message);
    root = item.element;
  }
  if (root === null) throw new XmlRefusal('XML_MALFORMED', null, 1, 'the document has no root element');
  return root;
}
