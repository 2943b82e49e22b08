/**
 * Reading a PDF back in tests, without a PDF library: the number of pages, and the text its content
 * streams show (Flate streams inflated), one run of text per line. Enough for PDFKit's output, whose
 * text operators write WinAnsi bytes as hex strings; not a general PDF parser.
 */
import { inflateSync } from 'node:zlib';

/**
 * Bytes 0x80–0x9F of WinAnsi (Windows-1252), where it differs from Latin-1; Node's TextDecoder
 * reads 'windows-1252' as Latin-1, so these are mapped here.
 */
const winAnsiHigh: Record<number, string> = Object.fromEntries(
  [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'].map((character, i) => [
    0x80 + i,
    character,
  ]),
);

function decodeWinAnsi(bytes: Buffer): string {
  return [...bytes].map((byte) => winAnsiHigh[byte] ?? String.fromCharCode(byte)).join('');
}

/** Page objects (`/Type /Page`, not the `/Pages` tree). */
export function pdfPageCount(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page(?![\w])/g)?.length ?? 0
  );
}

/** The content of every stream, inflated when it is Flate-compressed. */
export function pdfStreams(pdf: Uint8Array): Buffer[] {
  const bytes = Buffer.from(pdf);
  const text = bytes.toString('latin1');
  const streams: Buffer[] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const dictionaryStart = text.lastIndexOf(' obj', match.index);
    const dictionary = text.slice(dictionaryStart, match.index);
    if (!dictionary.includes('<<') || text.slice((match.index ?? 0) - 3, match.index) === 'end') continue;
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1] ?? Number.NaN);
    if (!Number.isFinite(length)) continue;
    const raw = bytes.subarray(start, start + length);
    streams.push(/\/FlateDecode/.test(dictionary) ? inflateSync(raw) : raw);
  }
  return streams;
}

/** The text shown by `Tj` and `TJ` operators, each operator's text on its own line. */
export function pdfText(pdf: Uint8Array): string {
  const runs: string[] = [];
  for (const stream of pdfStreams(pdf)) {
    const content = stream.toString('latin1');
    for (const match of content.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexStrings =
        match[1] !== undefined
          ? [...match[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1] ?? '')
          : [match[2] ?? ''];
      runs.push(hexStrings.map((hex) => decodeWinAnsi(Buffer.from(hex, 'hex'))).join(''));
    }
  }
  return runs.join('\n');
}
