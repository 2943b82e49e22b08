import { Buffer } from 'node:buffer';
import { completeLength, escapeByte, validSequenceLength } from './utf8-chunk-decoder.js';

/**
 * Bytes 0x80-0x9F in Windows-1252 (WHATWG's table; the five it leaves undefined stay C1 controls).
 * Bytes 0xA0-0xFF are the Latin-1 characters of the same number, which Node's 'latin1' decodes.
 */
const HIGH_CONTROLS =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Turns a stream of byte chunks of a Windows-1252 (Latin-1) file into text. A well-formed multibyte
 * UTF-8 sequence cannot be told apart from two or three Windows-1252 letters, and read as such it
 * would be stored as mojibake ("PeÃ±a"); its bytes are escaped instead, as the UTF-8 decoder escapes
 * invalid bytes, so the row that holds it is quarantined rather than stored wrong.
 */
export class Windows1252ChunkDecoder {
  private carry: Buffer | undefined;
  /** Whether a UTF-8 sequence has been escaped so far; until then, text needs no checking. */
  sawInvalidBytes = false;

  /** Decodes one chunk, holding back a trailing byte that may start a UTF-8 sequence. */
  decode(chunk: Uint8Array): string {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = undefined;
    }
    const cut = completeLength(bytes);
    if (cut < bytes.length) this.carry = Buffer.from(bytes.subarray(cut));
    return this.decodeComplete(bytes, cut);
  }

  /** Decodes whatever is still held back; call once at the end of the input. */
  end(): string {
    const rest = this.carry;
    this.carry = undefined;
    return rest ? this.decodeComplete(rest, rest.length) : '';
  }

  private decodeComplete(bytes: Buffer, end: number): string {
    let out = '';
    let runStart = 0;
    let i = 0;
    while (i < end) {
      const b = bytes[i] as number;
      if (b < 0x80) {
        i++;
        continue;
      }
      const size = b >= 0xc2 ? validSequenceLength(bytes.subarray(0, end), i) : 0;
      if (size >= 2) {
        out += bytes.toString('latin1', runStart, i);
        for (let k = i; k < i + size; k++) out += escapeByte(bytes[k] as number);
        this.sawInvalidBytes = true;
        i += size;
        runStart = i;
        continue;
      }
      if (b < 0xa0) {
        out += bytes.toString('latin1', runStart, i) + HIGH_CONTROLS.charAt(b - 0x80);
        runStart = i + 1;
      }
      i++;
    }
    return out + bytes.toString('latin1', runStart, end);
  }
}
