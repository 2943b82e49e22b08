import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaNameKey, readSmsKeyword } from './sms-keywords.js';

describe('SMS keywords', () => {
  it('reads every stop word, in any case, in English and Spanish', () => {
    for (const word of ['STOP', 'stop', 'Stop.', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'QUIT'])
      assert.deepEqual(readSmsKeyword(word), { kind: 'stop', language: 'en' }, word);
    for (const word of ['ALTO', 'parar', 'Parar!'])
      assert.deepEqual(readSmsKeyword(word), { kind: 'stop', language: 'es' }, word);
  });

  it('does not take a stop word inside a sentence for a stop', () => {
    assert.equal(readSmsKeyword('stop by the clinic tomorrow').kind, 'unknown');
    assert.equal(readSmsKeyword('the end').kind, 'unknown');
  });

  it('reads help, yes and start', () => {
    assert.deepEqual(readSmsKeyword('HELP'), { kind: 'help', language: 'en' });
    assert.deepEqual(readSmsKeyword('ayuda'), { kind: 'help', language: 'es' });
    assert.deepEqual(readSmsKeyword(' yes '), { kind: 'yes', language: 'en' });
    assert.deepEqual(readSmsKeyword('START'), { kind: 'yes', language: 'en' });
    assert.deepEqual(readSmsKeyword('Sí'), { kind: 'yes', language: 'es' });
    assert.deepEqual(readSmsKeyword('si'), { kind: 'yes', language: 'es' });
  });

  it('reads the areas of JOIN, separated by commas or "and"', () => {
    assert.deepEqual(readSmsKeyword('JOIN Hartford'), {
      kind: 'join',
      language: 'en',
      areaNames: ['Hartford'],
    });
    assert.deepEqual(readSmsKeyword('join new haven, West Hartford and Bristol'), {
      kind: 'join',
      language: 'en',
      areaNames: ['new haven', 'West Hartford', 'Bristol'],
    });
    assert.deepEqual(readSmsKeyword('UNIR Hartford y New Britain'), {
      kind: 'join',
      language: 'es',
      areaNames: ['Hartford', 'New Britain'],
    });
    assert.deepEqual(readSmsKeyword('JOIN'), { kind: 'join', language: 'en', areaNames: [] });
  });

  it('compares area names without case, accents or punctuation', () => {
    assert.equal(areaNameKey('  New  Haven '), areaNameKey('new haven'));
    assert.equal(areaNameKey('Mansfield-Storrs'), areaNameKey('mansfield storrs'));
    assert.equal(areaNameKey('Peñuelas'), areaNameKey('penuelas'));
    assert.notEqual(areaNameKey('Hartford'), areaNameKey('West Hartford'));
  });
});
