import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyVisit } from './classify-visit.js';
import { readDiagnosisCodes } from './diagnosis-codes.js';
import { edSyndromesChangelog, edSyndromesVersion } from './ed-syndromes.v1.js';

const byCodes = (...codes: string[]) =>
  classifyVisit({ chiefComplaint: null, diagnosisCodes: codes }).definitions;
const byComplaint = (text: string) => classifyVisit({ chiefComplaint: text, diagnosisCodes: [] }).definitions;

describe('classifyVisit: diagnosis codes', () => {
  it('counts T36-T50 poisonings of intent 1 or 4 at the initial encounter, and F11 with intoxication', () => {
    assert.deepEqual(byCodes('T40.1X1A'), ['all_drug', 'opioid', 'heroin']);
    assert.deepEqual(byCodes('t401x4a'), ['all_drug', 'opioid', 'heroin']);
    assert.deepEqual(byCodes('T40.411A'), ['all_drug', 'opioid', 'fentanyl']);
    assert.deepEqual(byCodes('T40.414A'), ['all_drug', 'opioid', 'fentanyl']);
    assert.deepEqual(byCodes('T40.2X1A'), ['all_drug', 'opioid']);
    assert.deepEqual(byCodes('T40.601A'), ['all_drug', 'opioid']);
    assert.deepEqual(byCodes('T40.5X1A'), ['all_drug', 'stimulant']);
    assert.deepEqual(byCodes('T43.651A'), ['all_drug', 'stimulant']);
    assert.deepEqual(byCodes('T42.71XA'), ['all_drug'], 'the intent is the 5th character before the X');
    assert.deepEqual(byCodes('T50.901A'), ['all_drug']);
    assert.deepEqual(byCodes('F11.120'), ['all_drug', 'opioid']);
    assert.deepEqual(byCodes('F11.920', 'F11.220'), ['all_drug', 'opioid']);
  });

  it('reads T40.42 as tramadol: an opioid, not fentanyl', () => {
    assert.deepEqual(byCodes('T40.421A'), ['all_drug', 'opioid']);
    assert.deepEqual(classifyVisit({ chiefComplaint: null, diagnosisCodes: ['T40.421A'] }).substances, [
      'tramadol',
    ]);
  });

  it('leaves out intentional, assault, adverse effect, underdosing, later encounters and other chapters', () => {
    for (const code of [
      'T40.1X2A',
      'T40.1X3A',
      'T40.2X5A',
      'T40.2X6A',
      'T40.1X1D',
      'T40.1X1S',
      'T40.1X1',
      'T51.0X1A',
      'T35.0',
      'F11.20',
      'F11.10',
      'F14.120',
    ]) {
      assert.deepEqual(byCodes(code), [], code);
    }
  });

  it('takes F14/F15 intoxication as a stimulant named, an overdose only with an overdose term', () => {
    assert.equal(readDiagnosisCodes(['F15.120']).stimulantNamed, 'F15.120');
    assert.deepEqual(
      classifyVisit({ chiefComplaint: 'agitated', diagnosisCodes: ['F14.120'] }).definitions,
      [],
    );
    assert.deepEqual(classifyVisit({ chiefComplaint: 'overdose', diagnosisCodes: ['F14.120'] }).definitions, [
      'all_drug',
      'stimulant',
    ]);
  });

  it('says which code fired, and has a version with a changelog line', () => {
    const { why } = classifyVisit({ chiefComplaint: null, diagnosisCodes: ['Z79.891', 'T40.1X1A'] });
    assert.equal(why.heroin, 'diagnosis code T40.1X1A (heroin poisoning, accidental)');
    assert.match(edSyndromesVersion, /v1$/);
    assert.match(edSyndromesChangelog[0] ?? '', /^v1 /);
  });
});

describe('classifyVisit: chief complaint', () => {
  it('needs an overdose term and a drug term, with misspellings, abbreviations, slang and Spanish', () => {
    assert.deepEqual(byComplaint('found unresponsive after herion use'), ['all_drug', 'opioid', 'heroin']);
    assert.deepEqual(byComplaint('overdoes on fentanil'), ['all_drug', 'opioid', 'fentanyl']);
    assert.deepEqual(byComplaint('fentynol overdose'), ['all_drug', 'opioid', 'fentanyl'], 'one letter off');
    assert.deepEqual(byComplaint('O.D. on percs'), ['all_drug', 'opioid']);
    assert.deepEqual(byComplaint("pt OD'd on dope"), ['all_drug', 'opioid', 'heroin']);
    assert.deepEqual(byComplaint('ODing on crack'), ['all_drug', 'stimulant']);
    assert.deepEqual(byComplaint('speedball od'), ['all_drug', 'opioid', 'heroin', 'stimulant']);
    assert.deepEqual(byComplaint('sobredosis de heroína'), ['all_drug', 'opioid', 'heroin']);
    assert.deepEqual(byComplaint('unresponsive after using'), ['all_drug']);
    assert.deepEqual(byComplaint('meth intoxication'), ['all_drug', 'stimulant']);
    assert.deepEqual(byComplaint('heroin use, cellulitis'), [], 'a drug term alone is no overdose');
  });

  it('counts an overdose named alone as all drug, unless only alcohol is named', () => {
    assert.deepEqual(byComplaint('overdose'), ['all_drug']);
    assert.deepEqual(byComplaint('etoh overdose'), []);
  });

  it('counts naloxone given as an opioid overdose, not a kit, training or a precaution', () => {
    assert.deepEqual(byComplaint('narcan x2 by ems'), ['all_drug', 'opioid']);
    assert.deepEqual(byComplaint('requesting narcan kit'), []);
    assert.deepEqual(byComplaint('narcan given prophylactically, syncope'), []);
  });

  it('takes back negated, past, staff-given and other people’s terms', () => {
    for (const text of [
      'denies heroin use, chest pain',
      'no drugs, overdose denied',
      'h/o IVDU, abscess',
      'hx of OD, here for detox',
      'former heroin user, back pain',
      'fentanyl given by EMS for pain, hip fx',
      'given dilaudid in triage, unresponsive',
      'friend overdosed on heroin, pt anxious',
      'SI with plan to overdose on pills',
    ]) {
      assert.deepEqual(byComplaint(text), [], text);
    }
    assert.deepEqual(byComplaint('pt denies overdose, states fell asleep'), []);
    assert.deepEqual(
      byComplaint('no heroin, no fentanyl, overdose on xanax'),
      ['all_drug'],
      'only the negated drugs go',
    );
    assert.deepEqual(byComplaint('denies heroin, fentanyl or cocaine, overdose on pills'), ['all_drug']);
    assert.deepEqual(byComplaint('heroin od given narcan x2'), ['all_drug', 'opioid', 'heroin']);
    assert.deepEqual(byComplaint('denies SI, overdose on xanax'), ['all_drug']);
  });

  it('tells odor, ODD and the right eye from an overdose', () => {
    for (const text of [
      'odor from wound',
      'ODD, behavioral',
      'right eye pain OD',
      'heroic efforts, cardiac arrest',
    ])
      assert.deepEqual(byComplaint(text), [], text);
  });

  it('lists the substances and says which terms fired', () => {
    const result = classifyVisit({ chiefComplaint: 'OD on fent and coke', diagnosisCodes: [] });
    assert.deepEqual(result.definitions, ['all_drug', 'opioid', 'fentanyl', 'stimulant']);
    assert.deepEqual(result.substances.sort(), ['cocaine', 'fentanyl']);
    assert.equal(result.why.fentanyl, 'chief complaint: overdose term "od" and fentanyl term "fent"');
  });
});
