import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeXml } from './escape-xml.js';

describe('escapeXml', () => {
  it('escapes the five XML special characters', () => {
    assert.equal(
      escapeXml(`A&E <North> "east" 'west'`),
      'A&amp;E &lt;North&gt; &quot;east&quot; &apos;west&apos;',
    );
  });

  it('escapes an ampersand that already looks like an entity, so text stays text', () => {
    assert.equal(escapeXml('&amp;'), '&amp;amp;');
  });

  it('leaves other text, accents included, as it is', () => {
    assert.equal(escapeXml('Montréal – W05'), 'Montréal – W05');
    assert.equal(escapeXml(''), '');
  });
});
