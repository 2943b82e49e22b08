import { Buffer, isAscii } from 'node:buffer';
import { completeLength, Utf8ChunkDecoder, validSequenceLength } from './utf8-chunk-decoder.js';
import { Windows1252ChunkDecoder } from './windows-1252-chunk-decoder.js';

/** The encodings a CSV file is read in. */
export type CsvEncoding = 'utf-8' | 'windows-1252';

/** Bytes looked at, from the first non-ASCII byte on, before the encoding is chosen. */
export const ENCODING_WINDOW_BYTES = 64 * 1024;

/**
 * Chooses how to read a file from a window of its bytes that starts at its first non-ASCII byte.
 * UTF-16 (a byte order mark at the start) and binary files (NUL bytes) stay UTF-8, whose escaped
 * bytes the header check recognizes and refuses. Otherwise a window with bytes that are not UTF-8
 * and no multibyte UTF-8 character is Windows-1252; one with both is UTF-8 whose bad rows are
 * quarantined, since guessing there would garble one part or the other.
 */
export function chooseEncoding(window: Buffer, atFileStart: boolean, atFileEnd: boolean): CsvEncoding {
  const first = window[0];
  const second = window[1];
  if (atFileStart && ((first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff)))
    return 'utf-8';
  if (window.includes(0)) return 'utf-8';
  // A character cut off by the end of the window is neither evidence nor counter-evidence.
  const end = atFileEnd ? window.length : completeLength(window);
  let invalid = false;
  for (let i = 0; i < end; ) {
    if ((window[i] as number) < 0x80) {
      i++;
      continue;
    }
    const size = validSequenceLength(window.subarray(0, end), i);
    if (size >= 2) return 'utf-8';
    invalid = true;
    i++;
  }
  return invalid ? 'windows-1252' : 'utf-8';
}

/**
 * Turns a CSV file's byte chunks into text in the encoding its bytes show. Up to the first non-ASCII
 * byte both encodings read alike and text passes straight through; from there up to 64 KiB are held
 * until `chooseEncoding` decides, then everything is read by that encoding's decoder.
 */
export class CsvTextDecoder {
  private decoder: Utf8ChunkDecoder | Windows1252ChunkDecoder | undefined;
  private window: Buffer[] = [];
  private windowBytes = 0;
  private bytesSeen = 0;
  /** Where the held window starts in the file. */
  private windowAt = 0;

  /** The encoding chosen, or undefined while everything read so far is ASCII. */
  get encoding(): CsvEncoding | undefined {
    if (!this.decoder) return undefined;
    return this.decoder instanceof Windows1252ChunkDecoder ? 'windows-1252' : 'utf-8';
  }

  /** Whether text holds escaped bytes: invalid UTF-8, or UTF-8 characters in a Windows-1252 file. */
  get sawInvalidBytes(): boolean {
    return this.decoder?.sawInvalidBytes ?? false;
  }

  /** Decodes one chunk; text after the first non-ASCII byte may be held until the encoding is known. */
  decode(chunk: Uint8Array): string {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const at = this.bytesSeen;
    this.bytesSeen += bytes.length;
    if (this.decoder) return this.decoder.decode(bytes);
    if (this.windowBytes === 0) {
      if (isAscii(bytes)) return bytes.toString('latin1');
      const firstHigh = bytes.findIndex((b) => b >= 0x80);
      this.windowAt = at + firstHigh;
      this.hold(bytes.subarray(firstHigh));
      return bytes.toString('latin1', 0, firstHigh) + this.decideWhenFull(false);
    }
    this.hold(bytes);
    return this.decideWhenFull(false);
  }

  /** Decodes whatever is still held; call once at the end of the input. */
  end(): string {
    const text = this.windowBytes > 0 ? this.decideWhenFull(true) : '';
    return text + (this.decoder?.end() ?? '');
  }

  private hold(bytes: Buffer): void {
    this.window.push(Buffer.from(bytes));
    this.windowBytes += bytes.length;
  }

  private decideWhenFull(atFileEnd: boolean): string {
    if (!atFileEnd && this.windowBytes < ENCODING_WINDOW_BYTES) return '';
    const window = Buffer.concat(this.window);
    this.window = [];
    this.windowBytes = 0;
    const atFileStart = this.windowAt === 0;
    this.decoder =
      chooseEncoding(window, atFileStart, atFileEnd) === 'windows-1252'
        ? new Windows1252ChunkDecoder()
        : new Utf8ChunkDecoder(atFileStart);
    return this.decoder.decode(window);
  }
}
