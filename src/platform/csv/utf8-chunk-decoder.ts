import { Buffer, isUtf8 } from 'node:buffer';

/**
 * Undecodable bytes become lone low surrogates U+DC80..U+DCFF (one per byte). Valid UTF-8 can never
 * produce a lone surrogate, so they mark exactly the bad bytes without being confused with a genuine
 * U+FFFD in the file, and the text around them stays intact.
 */
const ESCAPE_BASE = 0xdc00;
const REPLACEMENT = '\ufffd';
const BOM = 0xfeff;

/**
 * Turns a stream of byte chunks into text. Multibyte characters split across chunks are held back
 * until complete; invalid bytes are escaped (see above) so one bad byte spoils only its own row.
 * A byte order mark at the very start is dropped, as TextDecoder does.
 */
export class Utf8ChunkDecoder {
  private carry: Buffer | undefined;
  /** Whether any invalid byte has been escaped so far; until then, text needs no checking. */
  sawInvalidBytes = false;

  /** `atStart` false when the bytes fed begin mid-file, where a U+FEFF is text, not a byte order mark. */
  constructor(private atStart = true) {}

  /** Decodes one chunk, holding back a trailing incomplete character for the next call. */
  decode(chunk: Uint8Array): string {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = undefined;
    }
    const cut = completeLength(bytes);
    if (cut < bytes.length) this.carry = Buffer.from(bytes.subarray(cut));
    return this.decodeComplete(cut === bytes.length ? bytes : bytes.subarray(0, cut));
  }

  /** Decodes whatever is still held back; call once at the end of the input. */
  end(): string {
    const rest = this.carry;
    this.carry = undefined;
    return rest ? this.decodeComplete(rest) : '';
  }

  private decodeComplete(bytes: Buffer): string {
    let text: string;
    if (isUtf8(bytes)) text = bytes.toString('utf8');
    else {
      this.sawInvalidBytes = true;
      text = decodeWithEscapes(bytes);
    }
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === BOM) return text.slice(1);
    }
    return text;
  }
}

/** Whether the text holds an escaped invalid byte. */
export function hasInvalidUtf8(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (isEscape(text, i)) return true;
  }
  return false;
}

/** Replaces escaped invalid bytes with U+FFFD, the form in which they are shown and written back out. */
export function replaceInvalidUtf8(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isEscape(text, i)) continue;
    out += text.slice(from, i) + REPLACEMENT;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

function isEscape(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xdc80 || c > 0xdcff) return false;
  const before = i > 0 ? text.charCodeAt(i - 1) : 0;
  return before < 0xd800 || before > 0xdbff;
}

/** The escape that stands for one undecodable byte (see ESCAPE_BASE). */
export function escapeByte(byte: number): string {
  return String.fromCharCode(ESCAPE_BASE + byte);
}

/** Length of the prefix that ends on a character boundary: a trailing partial sequence is excluded. */
export function completeLength(bytes: Buffer): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i] as number;
    if (b < 0x80) return n;
    if (b < 0xc0) continue;
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return n - i < size ? i : n;
  }
  return n;
}

/** Slow path for text with invalid bytes: valid runs are decoded natively, each bad byte is escaped. */
function decodeWithEscapes(bytes: Buffer): string {
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const size = validSequenceLength(bytes, i);
    if (size > 0) {
      i += size;
      continue;
    }
    out += bytes.toString('utf8', runStart, i) + escapeByte(bytes[i] as number);
    i += 1;
    runStart = i;
  }
  return out + bytes.toString('utf8', runStart, bytes.length);
}

/** Length of the well-formed UTF-8 sequence starting at i (Unicode table 3-7), or 0 when there is none. */
export function validSequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i] as number;
  if (b < 0x80) return 1;
  let size: number;
  let low = 0x80;
  let high = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) size = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    size = 3;
    if (b === 0xe0) low = 0xa0;
    if (b === 0xed) high = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    size = 4;
    if (b === 0xf0) low = 0x90;
    if (b === 0xf4) high = 0x8f;
  } else return 0;
  if (i + size > bytes.length) return 0;
  const second = bytes[i + 1] as number;
  if (second < low || second > high) return 0;
  for (let k = 2; k < size; k++) {
    const next = bytes[i + k] as number;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return size;
}
