import assert from 'node:assert/strict';
import { it } from 'node:test';
import { caseDefinitionsMet } from '../case-definitions.js';
import { normalizeStandardDefinitions } from './standard-definitions.js';

const noFacts = { substances: [], naloxoneGiven: null, naloxoneResponse: null };

it('reads standard definition ids in any case, keeping the unknown ones apart', () => {
  assert.deepEqual(normalizeStandardDefinitions('NEMSIS_opioid; ed_heroin,nemsis_opioid;bogus'), {
    values: ['nemsis_opioid', 'ed_heroin'],
    unknown: ['bogus'],
  });
});

it('lets a standard definition imply the catalog definitions it stands for', () => {
  assert.deepEqual(caseDefinitionsMet(noFacts), ['any_drug']);
  assert.deepEqual(caseDefinitionsMet({ ...noFacts, sourceDefinitions: ['ed_heroin'] }), [
    'any_drug',
    'opioid',
    'heroin',
  ]);
  assert.deepEqual(caseDefinitionsMet({ ...noFacts, sourceDefinitions: ['ed_stimulant'] }), [
    'any_drug',
    'stimulant',
  ]);
  // The naloxone proxy is broader than an opioid overdose: it implies nothing by itself.
  assert.deepEqual(caseDefinitionsMet({ ...noFacts, sourceDefinitions: ['nemsis_naloxone'] }), ['any_drug']);
});
