import { SosError } from '../errors.js';

/** An element as read: local names (prefix dropped), attributes by qualified name ('xsi:nil', 'NV', 'PN'). */
export interface XmlElement {
  /** The local name: `eRecord.01`, never `nem:eRecord.01`. */
  name: string;
  /** Attributes by qualified name, values decoded; namespace declarations (`xmlns`, `xmlns:*`) left out. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (children's text not included), entities decoded, as written. */
  text: string;
  /** 1-based line of the element's start tag. */
  line: number;
}

/** Bounds on what one record (or one document) may hold; exceeding one is an `XML_LIMIT` error. */
export interface XmlLimits {
  /** Nesting depth counted from the document's root element (the root is depth 1). */
  maxDepth: number;
  /** UTF-8 bytes of one element's character data; a tag with its attributes is held to it too, and to 64 KiB at most. */
  maxTextBytes: number;
  /** UTF-8 bytes of one record's source text. */
  maxRecordBytes: number;
  /** Attributes on one element. */
  maxAttributes: number;
}

/**
 * Defaults sized for NEMSIS: a PatientCareReport nests about eight deep, is tens of kilobytes, and may
 * carry a base64 attachment (eOther.22) of a few megabytes. The record bound is also the memory bound:
 * a record is held whole (as text and as a tree) until it is yielded.
 */
export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxDepth: 64,
  maxTextBytes: 4 * 1024 * 1024,
  maxRecordBytes: 16 * 1024 * 1024,
  maxAttributes: 64,
};

/** The codes of the reader's refusals (in the error catalog). */
export type XmlErrorCode = 'XML_HOSTILE' | 'XML_MALFORMED' | 'XML_LIMIT';

/** What `readXmlRecords` yields, in document order: each record, or an error for a record or the document. */
export type XmlRecordItem =
  | { kind: 'record'; index: number; line: number; element: XmlElement; xml: string }
  | {
      kind: 'error';
      /** The 0-based record index when the error belongs to one record, null when to the document. */
      index: number | null;
      line: number;
      code: XmlErrorCode;
      element: string | null;
      message: string;
    };

/** A document the reader refused: the catalog code, the element concerned (if any) and the line. */
export class XmlRefusal extends SosError {
  readonly element: string | null;
  readonly line: number;

  constructor(code: XmlErrorCode, element: string | null, line: number, message: string) {
    super(code, message, { element, line });
    this.name = 'XmlRefusal';
    this.element = element;
    this.line = line;
  }
}
