import {
  BadReference,
  decodeReferences,
  forbiddenCharacterAt,
  MAX_REFERENCE_LENGTH,
} from './xml-references.js';
import { isXmlName, localName, parseStartTag } from './xml-start-tag.js';
import type { XmlElement, XmlErrorCode, XmlLimits, XmlRecordItem } from './xml-types.js';

/** Where the scanner is: in character data, at a `<` not yet classified, or inside one kind of markup. */
type State = 'text' | 'markup' | 'comment' | 'cdata' | 'pi' | 'tag' | 'skip-tag';

/** The record being read: its tree and source text while within the limits, only its failure after. */
interface OpenRecord {
  index: number;
  line: number;
  /** Depth of the record element; the record ends when this depth closes. */
  depth: number;
  root: XmlElement | null;
  /** Open elements of the record, the record element first, with the bytes of text each holds. */
  open: XmlElement[];
  textBytes: number[];
  /** Source text already moved out of the buffer, and where the rest starts in the buffer. */
  parts: string[];
  bytes: number;
  from: number;
  failure: { element: string; message: string } | null;
}

/** A tag over the size limit, consumed without being kept until its `>`. */
interface SkippedTag {
  name: string;
  isEnd: boolean;
  line: number;
  quote: number;
  last: number;
}

/** Stops the scan: the document is hostile or malformed from here on. */
class Stop extends Error {
  constructor(
    readonly code: XmlErrorCode,
    readonly element: string | null,
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const LT = 60;
const GT = 62;
const QUOTE = 34;
const APOSTROPHE = 39;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const CR = 13;
/** The longest markup opening the scanner needs to see to classify it (`<!NOTATION`). */
const OPENING = 10;
/** Longest XML declaration read (`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` is 55). */
const MAX_DECLARATION = 1024;

/** A tag with its attributes is never held longer than this, whatever the text limit. */
const MAX_TAG_BYTES = 64 * 1024;
/** What ends a stretch of a skipped tag outside quotes: a quote opening, or the tag's end. */
const TAG_STOP = /["'>]/g;

/** The last character in `text[from, to)` that is not white space, 0 if none. */
function lastNonSpace(text: string, from: number, to: number): number {
  for (let at = to - 1; at >= from; at--) {
    const code = text.charCodeAt(at);
    if (!isSpace(code)) return code;
  }
  return 0;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * A push scanner for XML text: `write` chunks, `end`, and `take` the records and errors found so far.
 * Only the current record is kept (its tree and its source text); everything else is checked for
 * well-formedness and dropped as it passes, so memory stays bounded by the limits and one chunk,
 * whatever the document's size. A DOCTYPE, or any markup declaration, stops the scan before anything
 * in it is read: no DTD, entity or external resource is ever processed.
 */
export class XmlScanner {
  private buffer = '';
  private position = 0;
  private line = 1;
  /** See `firstNewline`; -1 until searched. */
  private newline = -1;
  private state: State = 'text';
  private tagScanned = 0;
  private tagQuote = 0;
  private skipped: SkippedTag | null = null;
  private depth = 0;
  private readonly names: string[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private atStart = true;
  private recordCount = 0;
  private record: OpenRecord | null = null;
  private deepReported = false;
  private stopped = false;
  private items: XmlRecordItem[] = [];

  /** The longest tag read whole; a longer one is skipped as it passes (see `XmlLimits.maxTextBytes`). */
  private readonly tagLimit: number;

  /** `isRecord` decides, at each start tag outside a record, whether that element is a record. */
  constructor(
    private readonly isRecord: (localName: string, depth: number) => boolean,
    private readonly limits: XmlLimits,
  ) {
    this.tagLimit = Math.min(limits.maxTextBytes, MAX_TAG_BYTES);
  }

  /** True once a hostile or malformed document stopped the scan (its error is among the items). */
  get done(): boolean {
    return this.stopped;
  }

  /** The line the scanner has reached. */
  get currentLine(): number {
    return this.line;
  }

  /** The records and errors found since the last call, in document order. */
  take(): XmlRecordItem[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  /** Reads the next piece of the document. */
  write(text: string): void {
    if (this.stopped || text === '') return;
    const whole = this.atStart && this.buffer === '' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const forbidden = forbiddenCharacterAt(whole);
    const chunk = forbidden === -1 ? whole : whole.slice(0, forbidden);
    this.guard(() => {
      this.compact();
      this.buffer += chunk;
      this.run(false);
      if (forbidden !== -1) {
        const code = whole.charCodeAt(forbidden);
        this.stop(
          'XML_MALFORMED',
          this.currentName(),
          this.lineAt(this.buffer.length),
          `the character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`,
        );
      }
    });
  }

  /** Reads what is left and checks that the document is complete. */
  end(): void {
    if (this.stopped) return;
    this.guard(() => {
      this.run(true);
      if (this.stopped) return;
      const open = this.currentName();
      if (this.state !== 'text') {
        this.stop('XML_MALFORMED', open, this.line, `the document ends inside a ${this.describeState()}`);
      }
      if (this.depth > 0) {
        this.stop('XML_MALFORMED', open, this.line, `the document ends before <${open}> is closed`);
      }
      if (!this.rootSeen) this.stop('XML_MALFORMED', null, this.line, 'the document has no root element');
    });
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      if (!(error instanceof Stop)) throw error;
      this.items.push({
        kind: 'error',
        index: this.record?.index ?? null,
        line: error.line,
        code: error.code,
        element: error.element,
        message: error.message,
      });
      this.stopped = true;
      this.record = null;
      this.buffer = '';
      this.position = 0;
    }
  }

  private stop(code: XmlErrorCode, element: string | null, line: number, message: string): never {
    throw new Stop(code, element, line, message);
  }

  private describeState(): string {
    const names: Record<State, string> = {
      text: 'text',
      markup: 'tag',
      comment: 'comment',
      cdata: 'CDATA section',
      pi: 'processing instruction',
      tag: 'tag',
      'skip-tag': 'tag',
    };
    return names[this.state];
  }

  private currentName(): string | null {
    const name = this.names[this.names.length - 1];
    return name === undefined ? null : localName(name);
  }

  /** Drops the consumed text from the buffer, moving the open record's share of it into its parts. */
  private compact(): void {
    const record = this.record;
    if (record && !record.failure) {
      const part = this.buffer.slice(record.from, this.position);
      record.parts.push(part);
      record.bytes += Buffer.byteLength(part);
      record.from = 0;
      if (record.bytes > this.limits.maxRecordBytes) this.failRecordForSize(record, this.line);
    }
    this.buffer = this.buffer.slice(this.position);
    // Text is appended next: a newline may come with it.
    this.newline = this.newline >= 0 && Number.isFinite(this.newline) ? this.newline - this.position : -1;
    this.position = 0;
  }

  /** Moves past `to`, counting lines. */
  private advance(to: number): void {
    let at = this.firstNewline();
    while (at < to) {
      this.line += 1;
      at = this.newlineAfter(at);
    }
    this.newline = at;
    this.position = to;
  }

  /** The line of buffer offset `to` (at or after the position). */
  private lineAt(to: number): number {
    let line = this.line;
    for (let at = this.firstNewline(); at < to; at = this.newlineAfter(at)) line += 1;
    return line;
  }

  /**
   * The first LF at or after the position, Infinity if the buffer has none. Kept between calls so
   * that a long line is searched once, not once per tag on it.
   */
  private firstNewline(): number {
    if (this.newline === -1) this.newline = this.newlineAfter(this.position - 1);
    return this.newline;
  }

  private newlineAfter(at: number): number {
    const next = this.buffer.indexOf('\n', at + 1);
    return next === -1 ? Number.POSITIVE_INFINITY : next;
  }

  private run(final: boolean): void {
    while (!this.stopped && this.step(final)) {
      // each step consumes one piece of the document; false means it needs more text
    }
  }

  private step(final: boolean): boolean {
    switch (this.state) {
      case 'text':
        return this.stepText(final);
      case 'markup':
        return this.stepMarkup(final);
      case 'comment':
        return this.stepUntil('-->', final, false);
      case 'pi':
        return this.stepUntil('?>', final, false);
      case 'cdata':
        return this.stepUntil(']]>', final, true);
      case 'tag':
        return this.stepTag(final);
      case 'skip-tag':
        return this.stepSkippedTag(final);
    }
  }

  private stepText(final: boolean): boolean {
    const buffer = this.buffer;
    const start = this.position;
    const lt = buffer.indexOf('<', start);
    let end = lt === -1 ? buffer.length : lt;
    if (lt === -1 && !final) {
      // Keep back a reference or a CR that the next chunk may complete.
      const amp = buffer.lastIndexOf('&', end - 1);
      if (amp >= start && buffer.indexOf(';', amp) === -1 && end - amp <= MAX_REFERENCE_LENGTH) end = amp;
      else if (end > start && buffer.charCodeAt(end - 1) === CR) end -= 1;
    }
    if (end > start) {
      this.atStart = false;
      this.characters(buffer.slice(start, end), start, true);
      this.advance(end);
    }
    if (lt === -1) return false;
    this.state = 'markup';
    return true;
  }

  /** Character data at buffer offset `at`: kept in the open record's element, else only checked. */
  private characters(raw: string, at: number, references: boolean): void {
    if (this.depth === 0) {
      const stray = raw.search(/[^ \t\r\n]/);
      if (stray !== -1) {
        this.stop('XML_MALFORMED', null, this.lineAt(at + stray), 'text outside the root element');
      }
      return;
    }
    const record = this.record;
    if (!record || record.failure) {
      if (references && raw.includes('&')) this.decode(raw, at);
      return;
    }
    let text = references ? this.decode(raw, at) : raw;
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    const top = record.open.length - 1;
    const element = record.open[top] as XmlElement;
    const bytes = (record.textBytes[top] ?? 0) + Buffer.byteLength(text);
    if (bytes > this.limits.maxTextBytes) {
      const line = this.lineAt(at);
      this.failRecord(
        record,
        element.name,
        `<${element.name}> (line ${element.line}) holds more than ${this.limits.maxTextBytes} bytes of text (line ${line})`,
      );
      return;
    }
    record.textBytes[top] = bytes;
    element.text += text;
  }

  private decode(raw: string, at: number): string {
    try {
      return decodeReferences(raw);
    } catch (error) {
      if (!(error instanceof BadReference)) throw error;
      return this.stop('XML_MALFORMED', this.currentName(), this.lineAt(at + error.offset), error.message);
    }
  }

  private stepMarkup(final: boolean): boolean {
    const start = this.position;
    const second = this.buffer.charCodeAt(start + 1);
    if (second !== BANG && second !== QUESTION && !Number.isNaN(second)) {
      // The common case, a start or end tag, needs no look further ahead.
      this.atStart = false;
      this.state = 'tag';
      this.tagScanned = 1;
      this.tagQuote = 0;
      return true;
    }
    if (this.buffer.length - start < OPENING && !final) return false;
    const opening = this.buffer.slice(start, start + OPENING);
    const wasAtStart = this.atStart;
    this.atStart = false;
    if (opening.startsWith('<!--')) {
      this.advance(start + 4);
      this.state = 'comment';
    } else if (opening.startsWith('<![CDATA[')) {
      if (this.depth === 0)
        this.stop('XML_MALFORMED', null, this.line, 'a CDATA section outside the root element');
      this.advance(start + 9);
      this.state = 'cdata';
    } else if (opening.startsWith('<!')) {
      if (/^<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i.test(opening)) {
        this.stop(
          'XML_HOSTILE',
          null,
          this.line,
          `the document holds a ${opening.slice(2).replace(/[^A-Za-z].*$/s, '')} declaration: SOS reads no DTD, entity declaration or external entity, and refuses the whole document`,
        );
      }
      this.stop('XML_MALFORMED', null, this.line, `"${opening}" is not XML markup`);
    } else if (/^<\?xml[ \t\r\n?]/i.test(opening)) {
      if (!wasAtStart) {
        this.stop(
          'XML_MALFORMED',
          null,
          this.line,
          'an XML declaration that is not at the start of the document',
        );
      }
      return this.readDeclaration(final);
    } else if (opening.startsWith('<?')) {
      this.advance(start + 2);
      this.state = 'pi';
    } else {
      this.state = 'tag';
      this.tagScanned = 1;
      this.tagQuote = 0;
    }
    return true;
  }

  private readDeclaration(final: boolean): boolean {
    const start = this.position;
    const end = this.buffer.indexOf('?>', start);
    if (end === -1 || end - start > MAX_DECLARATION) {
      if (this.buffer.length - start > MAX_DECLARATION || final) {
        this.stop('XML_MALFORMED', null, this.line, 'the XML declaration is not closed with "?>"');
      }
      this.atStart = true;
      return false;
    }
    const declaration = this.buffer.slice(start, end);
    const encoding = /\sencoding\s*=\s*["']([^"']*)["']/.exec(declaration)?.[1];
    if (encoding !== undefined && !/^(?:utf-?8|us-ascii)$/i.test(encoding)) {
      this.stop(
        'XML_MALFORMED',
        null,
        this.line,
        `the document declares the encoding ${encoding}; SOS reads UTF-8 XML`,
      );
    }
    this.advance(end + 2);
    this.state = 'text';
    return true;
  }

  /** Comments, processing instructions and CDATA: consumed as they come, up to their closing delimiter. */
  private stepUntil(close: string, final: boolean, isText: boolean): boolean {
    const start = this.position;
    const found = this.findClose(close, start);
    if (found === -1 && final) {
      this.stop(
        'XML_MALFORMED',
        this.currentName(),
        this.line,
        `the document ends inside a ${this.describeState()}`,
      );
    }
    let end = found === -1 ? Math.max(start, this.buffer.length - (close.length - 1)) : found;
    if (found === -1 && isText && end > start && this.buffer.charCodeAt(end - 1) === CR) end -= 1;
    if (isText && end > start) this.characters(this.buffer.slice(start, end), start, false);
    this.advance(end);
    if (found === -1) return false;
    this.advance(found + close.length);
    this.state = 'text';
    return true;
  }

  /**
   * Where `close` (`-->`, `?>`, `]]>`) next starts, or -1. Searches for its rare `>` rather than its
   * first character, which a hostile comment can repeat a billion times.
   */
  private findClose(close: string, from: number): number {
    const last = close.length - 1;
    let gt = this.buffer.indexOf('>', from + last);
    while (gt !== -1 && !this.buffer.startsWith(close, gt - last)) gt = this.buffer.indexOf('>', gt + 1);
    return gt === -1 ? -1 : gt - last;
  }

  private stepTag(final: boolean): boolean {
    const buffer = this.buffer;
    const start = this.position;
    let quote = this.tagQuote;
    let at = start + this.tagScanned;
    for (; at < buffer.length; at++) {
      const code = buffer.charCodeAt(at);
      if (quote !== 0) {
        if (code === quote) quote = 0;
      } else if (code === QUOTE || code === APOSTROPHE) quote = code;
      else if (code === GT) break;
      else if (code === LT)
        this.stop('XML_MALFORMED', this.currentName(), this.lineAt(at), 'a "<" inside a tag');
    }
    if (at < buffer.length && at - start <= this.tagLimit) {
      this.state = 'text';
      this.tag(buffer.slice(start, at + 1), start);
      return true;
    }
    if (at < buffer.length) {
      // A whole tag over the limit arrived in one chunk: handled as one that arrives piece by piece.
      this.startSkipping(quote, at);
      return true;
    }
    this.tagScanned = at - start;
    this.tagQuote = quote;
    if (final) this.stop('XML_MALFORMED', this.currentName(), this.line, 'the document ends inside a tag');
    if (this.tagScanned > this.tagLimit) this.startSkipping(quote, at);
    return false;
  }

  /** A complete tag, `<` to `>`, starting at buffer offset `start` (the current position). */
  private tag(raw: string, start: number): void {
    const line = this.line;
    if (raw.charCodeAt(1) === SLASH) {
      const name = /^<\/([^\s>]+)[ \t\r\n]*>$/.exec(raw)?.[1];
      if (name === undefined || !isXmlName(name)) {
        this.stop('XML_MALFORMED', this.currentName(), line, `"${raw.slice(0, 40)}" is not a closing tag`);
      }
      this.advance(start + raw.length);
      this.endTag(name, line);
      return;
    }
    const parsed = parseStartTag(raw);
    if (typeof parsed === 'string') this.stop('XML_MALFORMED', this.currentName(), line, parsed);
    this.startTag(parsed.name, parsed.attributes, line, start);
    this.advance(start + raw.length);
    if (parsed.selfClosing) this.endTag(parsed.name, line);
    const record = this.record;
    if (
      record &&
      !record.failure &&
      record.bytes + (this.position - record.from) > this.limits.maxRecordBytes
    ) {
      this.failRecordForSize(record, line);
    }
  }

  /** A tag longer than the text limit: the open record fails, and the tag is read on without being kept. */
  private startSkipping(quote: number, scanned: number): void {
    const start = this.position;
    const head = /^<(\/?)([^\s/>"'=]{1,1024})/.exec(this.buffer.slice(start, start + 1100));
    if (!head?.[2] || !isXmlName(head[2])) {
      this.stop(
        'XML_MALFORMED',
        this.currentName(),
        this.line,
        'a tag without a well-formed name of at most 1,024 characters',
      );
    }
    const name = head[2];
    let last = 0;
    for (let at = scanned - 1; at > start; at--) {
      const code = this.buffer.charCodeAt(at);
      if (!isSpace(code)) {
        last = code;
        break;
      }
    }
    this.skipped = { name, isEnd: head[1] === '/', line: this.line, quote, last };
    const record = this.record;
    if (record && !record.failure)
      this.failRecord(record, localName(name), this.tooLargeTag(name, this.line));
    this.advance(scanned);
    this.state = 'skip-tag';
  }

  private tooLargeTag(name: string, line: number): string {
    return `the tag <${localName(name)}> on line ${line} is longer than ${this.tagLimit} bytes`;
  }

  private stepSkippedTag(final: boolean): boolean {
    const skipped = this.skipped as SkippedTag;
    const buffer = this.buffer;
    let at = this.position;
    let gt = -1;
    while (at < buffer.length) {
      if (skipped.quote !== 0) {
        const close = buffer.indexOf(skipped.quote === QUOTE ? '"' : "'", at);
        if (close === -1) break;
        skipped.quote = 0;
        at = close + 1;
        continue;
      }
      TAG_STOP.lastIndex = at;
      const found = TAG_STOP.exec(buffer);
      if (!found) break;
      const code = buffer.charCodeAt(found.index);
      if (code === GT) {
        gt = found.index;
        break;
      }
      skipped.quote = code;
      at = found.index + 1;
    }
    const end = gt === -1 ? buffer.length : gt;
    const last = lastNonSpace(buffer, this.position, end);
    if (last !== 0) skipped.last = last;
    if (gt === -1) {
      this.advance(buffer.length);
      if (final) {
        this.stop('XML_MALFORMED', localName(skipped.name), this.line, 'the document ends inside a tag');
      }
      return false;
    }
    const endAt = gt;
    this.advance(endAt + 1);
    this.state = 'text';
    this.skipped = null;
    if (skipped.isEnd) {
      this.endTag(skipped.name, skipped.line);
    } else {
      this.startTag(skipped.name, null, skipped.line, -1);
      if (skipped.last === SLASH) this.endTag(skipped.name, skipped.line);
    }
    return true;
  }

  /** An element opens; `attributes` is null for a tag over the size limit (its record fails). */
  private startTag(name: string, attributes: [string, string][] | null, line: number, start: number): void {
    if (this.rootClosed) {
      this.stop(
        'XML_MALFORMED',
        localName(name),
        line,
        `a second root element <${name}> after the first closed`,
      );
    }
    this.rootSeen = true;
    this.depth += 1;
    if (this.depth <= this.limits.maxDepth) this.names.push(name);
    const local = localName(name);
    const record = this.record;
    if (record) {
      if (record.failure) return;
      const problem = this.elementProblem(local, attributes, line);
      if (problem !== null) {
        this.failRecord(record, local, problem);
        return;
      }
      const element = makeElement(local, attributes ?? [], line);
      (record.open[record.open.length - 1] as XmlElement).children.push(element);
      record.open.push(element);
      record.textBytes.push(0);
      return;
    }
    if (this.depth > this.limits.maxDepth) {
      if (!this.deepReported) {
        this.deepReported = true;
        this.items.push({
          kind: 'error',
          index: null,
          line,
          code: 'XML_LIMIT',
          element: local,
          message: `<${local}> on line ${line} is nested deeper than ${this.limits.maxDepth} elements; the elements below it are skipped`,
        });
      }
      return;
    }
    if (!this.isRecord(local, this.depth)) return;
    const opened: OpenRecord = {
      index: this.recordCount,
      line,
      depth: this.depth,
      root: null,
      open: [],
      textBytes: [],
      parts: [],
      bytes: 0,
      from: start,
      failure: null,
    };
    this.recordCount += 1;
    this.record = opened;
    const problem = this.elementProblem(local, attributes, line);
    if (problem !== null) {
      this.failRecord(opened, local, problem);
      return;
    }
    const element = makeElement(local, attributes ?? [], line);
    opened.root = element;
    opened.open.push(element);
    opened.textBytes.push(0);
  }

  private elementProblem(local: string, attributes: [string, string][] | null, line: number): string | null {
    if (this.depth > this.limits.maxDepth) {
      return `<${local}> on line ${line} is nested deeper than ${this.limits.maxDepth} elements`;
    }
    if (attributes === null) return this.tooLargeTag(local, line);
    if (attributes.length > this.limits.maxAttributes) {
      return `<${local}> on line ${line} has ${attributes.length} attributes, more than ${this.limits.maxAttributes}`;
    }
    return null;
  }

  private endTag(name: string, line: number): void {
    if (this.depth === 0) this.stop('XML_MALFORMED', localName(name), line, `</${name}> closes no element`);
    if (this.depth <= this.limits.maxDepth) {
      const open = this.names.pop();
      if (open !== name) {
        this.stop('XML_MALFORMED', localName(name), line, `</${name}> on line ${line} closes <${open}>`);
      }
    }
    this.depth -= 1;
    if (this.depth <= this.limits.maxDepth) this.deepReported = false;
    const record = this.record;
    if (record) {
      if (this.depth < record.depth) this.finishRecord(record);
      else if (!record.failure) {
        record.open.pop();
        record.textBytes.pop();
      }
    }
    if (this.depth === 0) this.rootClosed = true;
  }

  private finishRecord(record: OpenRecord): void {
    this.record = null;
    if (!record.failure) {
      const tail = this.buffer.slice(record.from, this.position);
      record.bytes += Buffer.byteLength(tail);
      if (record.bytes > this.limits.maxRecordBytes) this.failRecordForSize(record, this.line);
      else {
        const xml = record.parts.length > 0 ? record.parts.join('') + tail : tail;
        this.items.push({
          kind: 'record',
          index: record.index,
          line: record.line,
          element: record.root as XmlElement,
          xml,
        });
        return;
      }
    }
    const failure = record.failure as { element: string; message: string };
    this.items.push({
      kind: 'error',
      index: record.index,
      line: record.line,
      code: 'XML_LIMIT',
      element: failure.element,
      message: failure.message,
    });
  }

  private failRecordForSize(record: OpenRecord, line: number): void {
    const name = record.root?.name ?? 'record';
    this.failRecord(
      record,
      name,
      `<${name}> is larger than ${this.limits.maxRecordBytes} bytes (at line ${line})`,
    );
  }

  /** The record will be an XML_LIMIT error: its tree and text are released and the rest of it is skipped. */
  private failRecord(record: OpenRecord, element: string, problem: string): void {
    record.failure = {
      element,
      message: `${problem}; record ${record.index + 1} (line ${record.line}) is skipped`,
    };
    record.root = null;
    record.open = [];
    record.textBytes = [];
    record.parts = [];
  }
}

function makeElement(name: string, attributes: [string, string][], line: number): XmlElement {
  const byName: Record<string, string> = {};
  for (const [qualified, value] of attributes) {
    if (qualified === 'xmlns' || qualified.startsWith('xmlns:')) continue;
    byName[qualified] = value;
  }
  return { name, attributes: byName, children: [], text: '', line };
}
