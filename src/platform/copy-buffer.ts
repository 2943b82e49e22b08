/**
 * COPY text gathered in one growing byte buffer. A bulk import keeps a few batches of rows waiting for
 * the database; held as strings they would be copied by every garbage collection, held here they sit
 * outside the JS heap, and they go to the database as they are.
 */
export class CopyBuffer {
  private bytes: Buffer;
  /** Bytes written so far: also the offset where the next text starts. */
  length = 0;

  /** Starts with room for `bytes` bytes; it grows as needed. */
  constructor(bytes = 64 * 1024) {
    this.bytes = Buffer.allocUnsafe(bytes);
  }

  /** Appends text as UTF-8. */
  append(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    this.reserve(text.length * 3);
    this.length += this.bytes.write(text, this.length);
  }

  /** Appends the bytes from `start` to `end` of another buffer (one row kept out of a prepared batch). */
  appendPart(from: CopyBuffer, start: number, end: number): void {
    this.reserve(end - start);
    this.length += from.bytes.copy(this.bytes, this.length, start, end);
  }

  /** The text written so far (a view on the buffer, not a copy). */
  contents(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + bytes));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
