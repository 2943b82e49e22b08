/**
 * Where a PDF page has ink, read from the page as pixels: poppler's pdftoppm draws it in grey
 * (a binary PGM, whose header is trivial to read), and each pixel row counts as blank when every
 * pixel in it is nearly white. For tests that judge a printed layout as a reader sees it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A page as grey pixels, 0 black to 255 white, row by row. */
interface GreyPage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

function readPgm(bytes: Buffer): GreyPage {
  // P5, width, height, maximum value, then one byte per pixel after a single whitespace.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: bytes.subarray(header[0].length, header[0].length + width * height) };
}

/** One page (from 1) of a PDF drawn in grey at `dpi`. */
export function pdfPageGrey(pdf: Uint8Array, page: number, dpi = 40): GreyPage {
  const dir = mkdtempSync(path.join(tmpdir(), 'sos-pdf-ink-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const out = path.join(dir, 'page');
    execFileSync('pdftoppm', [
      '-gray',
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      out,
    ]);
    return readPgm(readFileSync(`${out}.pgm`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The longest run of blank rows between the page's first and last inked rows, as a share of its height. */
export function longestBlankBand(page: GreyPage): number {
  const inked: boolean[] = [];
  for (let y = 0; y < page.height; y++) {
    const row = page.pixels.subarray(y * page.width, (y + 1) * page.width);
    inked.push(row.some((value) => value < 235));
  }
  const first = inked.indexOf(true);
  const last = inked.lastIndexOf(true);
  let longest = 0;
  let run = 0;
  for (let y = first; y <= last; y++) {
    run = inked[y] ? 0 : run + 1;
    longest = Math.max(longest, run);
  }
  // The margin under the last inked row counts too: a page that stops half way is half blank.
  longest = Math.max(longest, page.height - 1 - last);
  return longest / page.height;
}
