import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { figureWords, monthWords, SHORT_TEXT_LIMIT, shortText } from './announcement-content.js';
import { geometryCenter } from './announcement-links.js';
import { templateLanguages } from './announcement-templates.js';

describe('announcement wording', () => {
  const languages = templateLanguages();
  const en = languages.get('en');
  const es = languages.get('es');
  assert.ok(en && es);

  it('words a hidden public figure as "fewer than k", never as a number', () => {
    assert.equal(figureWords(null, 10, en), 'fewer than 10');
    assert.equal(figureWords(null, 10, es), 'menos de 10');
    assert.equal(figureWords(1234, 10, en), '1,234');
    assert.equal(figureWords(0, 10, es), '0');
  });

  it('names a month with its year in each language', () => {
    assert.equal(monthWords('2026-02', en), 'February 2026');
    assert.equal(monthWords('2026-02', es), 'febrero de 2026');
  });

  it('keeps the short text within 280 characters, cutting the message at a word', () => {
    const line = 'Quad 01: 40 overdoses in February 2026. Carry naloxone.';
    const help = 'Help: call or text 988.';
    assert.equal(shortText(line, null, help), `${line} ${help}`);
    const long = shortText(line, 'Come to the naloxone training on Saturday. '.repeat(20), help);
    assert.ok(long.length <= SHORT_TEXT_LIMIT, String(long.length));
    const cutWord = /(\S+)… Help: call or text 988\.$/.exec(long)?.[1];
    assert.ok(cutWord && 'Come to the naloxone training on Saturday.'.split(' ').includes(cutWord), long);
    assert.ok(long.startsWith(`${line} Come to the naloxone training`));
    // A line that alone is too long (a very long area name) is cut too.
    const huge = shortText(`${'Very long area name '.repeat(20)}: fewer than 10 overdoses.`, 'Hi.', help);
    assert.ok(huge.length <= SHORT_TEXT_LIMIT && huge.endsWith('…'), huge);
  });

  it("measures links from the middle of an area's bounding box", () => {
    const square = {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [-73, 41],
            [-72.8, 41],
            [-72.8, 41.2],
            [-73, 41.2],
            [-73, 41],
          ],
        ],
      ],
    };
    const center = geometryCenter(square);
    assert.ok(center);
    assert.ok(Math.abs(center.latitude - 41.1) < 1e-9 && Math.abs(center.longitude - -72.9) < 1e-9);
    assert.equal(geometryCenter(null), null);
  });
});
