import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { CsvTextDecoder, chooseEncoding, ENCODING_WINDOW_BYTES } from './csv-text-decoder.js';
import { replaceInvalidUtf8 } from './utf8-chunk-decoder.js';
import { Windows1252ChunkDecoder } from './windows-1252-chunk-decoder.js';

function decodeInPieces(bytes: Buffer, size: number) {
  const decoder = new CsvTextDecoder();
  let text = '';
  for (let at = 0; at < bytes.length; at += size) text += decoder.decode(bytes.subarray(at, at + size));
  text += decoder.end();
  return { text, encoding: decoder.encoding, sawInvalidBytes: decoder.sawInvalidBytes };
}

describe('chooseEncoding', () => {
  it('reads bytes that are not UTF-8, with no multibyte UTF-8 character, as Windows-1252', () => {
    assert.equal(chooseEncoding(Buffer.from('Pe\xf1a, M\xfcller', 'latin1'), false, true), 'windows-1252');
  });

  it('keeps UTF-8 for valid UTF-8, for a mix of UTF-8 and bad bytes, and for UTF-16 or NUL bytes', () => {
    assert.equal(chooseEncoding(Buffer.from('Peña, Müller', 'utf8'), false, true), 'utf-8');
    assert.equal(
      chooseEncoding(Buffer.concat([Buffer.from('Peña ', 'utf8'), Buffer.from([0xfc])]), false, true),
      'utf-8',
    );
    assert.equal(
      chooseEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id', 'utf16le')]), true, true),
      'utf-8',
    );
    assert.equal(chooseEncoding(Buffer.from([0xe9, 0x00, 0x41]), false, true), 'utf-8');
  });

  it('does not count a character cut off by the end of the window as a bad byte', () => {
    const cut = Buffer.from('Zoë', 'utf8').subarray(0, 3);
    assert.equal(chooseEncoding(cut, false, false), 'utf-8');
    assert.equal(chooseEncoding(cut, false, true), 'windows-1252');
  });
});

describe('Windows1252ChunkDecoder', () => {
  it('decodes every byte as the C library iconv does, and the five bytes it leaves undefined as C1 controls', () => {
    // Node's TextDecoder is no reference: it reads windows-1252 as ISO-8859-1 (0x80-0x9F as controls).
    const undefinedBytes = [0x81, 0x8d, 0x8f, 0x90, 0x9d];
    const defined = Buffer.from(
      Array.from({ length: 256 }, (_, b) => b).filter((b) => !undefinedBytes.includes(b)),
    );
    const expected = execFileSync('iconv', ['-f', 'WINDOWS-1252', '-t', 'UTF-8'], { input: defined });
    // One byte at a time, each followed by a space: no two bytes can form a UTF-8 sequence.
    const decodeEach = (bytes: Buffer) => {
      const decoder = new Windows1252ChunkDecoder();
      let text = '';
      for (const byte of bytes) text += decoder.decode(Buffer.from([byte, 0x20])).slice(0, -1);
      assert.equal(decoder.sawInvalidBytes, false);
      return text + decoder.end();
    };
    assert.equal(decodeEach(defined), expected.toString('utf8'));
    assert.equal(decodeEach(Buffer.from(undefinedBytes)), '\u0081\u008d\u008f\u0090\u009d');
  });
});

describe('CsvTextDecoder', () => {
  const latin = Buffer.concat([
    Buffer.from('name,note\nPe', 'latin1'),
    Buffer.from([0xf1]), // ñ
    Buffer.from('a,caf', 'latin1'),
    Buffer.from([0xe9, 0x20, 0x80, 0x35, 0x20, 0x93, 0x6f, 0x6b, 0x94]), // é €5 “ok”
    Buffer.from('\nZo', 'latin1'),
    Buffer.from([0xeb]), // ë
  ]);

  it('reads a Windows-1252 file as Windows-1252, whatever the chunk size', () => {
    for (let size = 1; size <= latin.length; size++) {
      const decoded = decodeInPieces(latin, size);
      assert.equal(decoded.text, 'name,note\nPeña,café €5 “ok”\nZoë', `chunk size ${size}`);
      assert.equal(decoded.encoding, 'windows-1252');
      assert.equal(decoded.sawInvalidBytes, false);
    }
  });

  it('escapes a UTF-8 character met after a Windows-1252 start, rather than garbling it', () => {
    const tail = Buffer.from(`${'x'.repeat(ENCODING_WINDOW_BYTES + 8192)}\nMüller`, 'utf8');
    const { text, encoding, sawInvalidBytes } = decodeInPieces(Buffer.concat([latin, tail]), 4096);
    assert.equal(encoding, 'windows-1252');
    assert.equal(sawInvalidBytes, true);
    assert.ok(replaceInvalidUtf8(text).endsWith('\nM\ufffd\ufffdller'));
  });

  it('reads UTF-8 as UTF-8 and keeps a U+FEFF that is not at the start of the file', () => {
    const utf8 = Buffer.from('\ufeffid,name\n1,Peña\n2,\ufeffZoë\n', 'utf8');
    for (const size of [1, 5, utf8.length]) {
      const decoded = decodeInPieces(utf8, size);
      assert.equal(decoded.text, 'id,name\n1,Peña\n2,\ufeffZoë\n');
      assert.equal(decoded.encoding, 'utf-8');
    }
    const late = Buffer.from('id,name\n1,\ufeffx\n', 'utf8');
    assert.equal(decodeInPieces(late, 3).text, 'id,name\n1,\ufeffx\n');
  });

  it('passes an ASCII file straight through without choosing', () => {
    const decoded = decodeInPieces(Buffer.from('id,name\n1,Ann\n'), 4);
    assert.deepEqual(decoded, { text: 'id,name\n1,Ann\n', encoding: undefined, sawInvalidBytes: false });
  });
});
