import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasInvalidUtf8, replaceInvalidUtf8, Utf8ChunkDecoder } from './utf8-chunk-decoder.js';

function decodeInPieces(bytes: Buffer, size: number): { text: string; sawInvalidBytes: boolean } {
  const decoder = new Utf8ChunkDecoder();
  let text = '';
  for (let at = 0; at < bytes.length; at += size) text += decoder.decode(bytes.subarray(at, at + size));
  text += decoder.end();
  return { text, sawInvalidBytes: decoder.sawInvalidBytes };
}

describe('Utf8ChunkDecoder', () => {
  const sample = 'Año €5 😀 naïve, 東京\ufffd';

  it('decodes 2-, 3- and 4-byte characters split across chunks of any size', () => {
    const bytes = Buffer.from(sample, 'utf8');
    for (let size = 1; size <= bytes.length; size++) {
      const { text, sawInvalidBytes } = decodeInPieces(bytes, size);
      assert.equal(text, sample, `chunk size ${size}`);
      assert.equal(sawInvalidBytes, false);
    }
  });

  it('escapes each invalid byte without disturbing the text around it', () => {
    const bytes = Buffer.concat([
      Buffer.from('ok,'),
      Buffer.from([0xe9]), // Latin-1 é
      Buffer.from(',😀,'),
      Buffer.from([0xc0, 0x80]), // overlong NUL
      Buffer.from([0xed, 0xa0, 0x80]), // encoded surrogate
      Buffer.from(',end'),
    ]);
    for (const size of [1, 2, 3, bytes.length]) {
      const { text, sawInvalidBytes } = decodeInPieces(bytes, size);
      assert.equal(sawInvalidBytes, true);
      assert.equal(
        replaceInvalidUtf8(text),
        'ok,\ufffd,😀,\ufffd\ufffd\ufffd\ufffd\ufffd,end',
        `chunk size ${size}`,
      );
    }
  });

  it('treats a character cut off by the end of the input as invalid', () => {
    const { text } = decodeInPieces(Buffer.from([0x61, 0xe2, 0x82]), 1);
    assert.equal(hasInvalidUtf8(text), true);
    assert.equal(replaceInvalidUtf8(text), 'a\ufffd\ufffd');
  });

  it('drops a byte order mark at the very start only, even when it arrives byte by byte', () => {
    const bytes = Buffer.from('\ufeffX,\ufeffY', 'utf8');
    for (const size of [1, 2, bytes.length]) assert.equal(decodeInPieces(bytes, size).text, 'X,\ufeffY');
  });

  it('does not mistake a genuine U+FFFD or an astral character for an invalid byte', () => {
    assert.equal(hasInvalidUtf8('\ufffd 😀 𐂀 \u{1F300}'), false);
    assert.equal(replaceInvalidUtf8('plain'), 'plain');
  });
});
