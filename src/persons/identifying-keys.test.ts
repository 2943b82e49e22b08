import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenRawPayload } from '../intake/raw-payload.js';
import { isIdentifyingKey, normalizeKey } from './identifying-keys.js';

describe('isIdentifyingKey', () => {
  it('recognizes person fields however they are spelled, and only them', () => {
    const identifying = [
      'first_name',
      'Last Name',
      'lastName',
      'name',
      'FULL_NAME',
      'dob',
      'DateOfBirth',
      'birth_date',
      'home address',
      'Street',
      'Residence Street',
      'Residence Address',
      'residence_zip',
      'residence',
      'phone',
      'Mobile',
      'contact_phone',
      'email',
      'SSN',
      'patient_ssn',
      'social-security',
      'MRN',
      'medical_record_number',
      'Patient_ID',
      'driver_license',
      'DriversLicense',
    ];
    const other = [
      'unit',
      'narrative',
      'Patient_Gender',
      'Patient_Veteran',
      'Patient_Homeless',
      'Incident_Date',
      'Injury City',
      'Cause of Death',
      'dispatch_zone',
      'crew_count',
      'OBJECTID',
      'Residence City',
      'Residence County',
      'Residence State',
      'City of Residence',
    ];
    assert.deepEqual(
      identifying.filter((k) => !isIdentifyingKey(k)),
      [],
      'every labelled person field is recognized',
    );
    assert.deepEqual(
      other.filter((k) => isIdentifyingKey(k)),
      [],
      'no other field is',
    );
    assert.equal(normalizeKey('  Date-Of Birth '), 'date_of_birth');
  });
});

describe('screenRawPayload', () => {
  it('keeps what the channel reads and the allowed extra keys, seals person fields, drops the rest', () => {
    const screened = screenRawPayload(
      { source_record_id: 'a', address: '1 Main St', ssn: '123', unit: 'M1', crew: 'x', first_name: 'Ann' },
      new Set(['source_record_id', 'address']),
      new Set(['unit', 'ssn']),
    );
    assert.deepEqual(screened.kept, { source_record_id: 'a', address: '1 Main St', unit: 'M1' });
    assert.deepEqual(screened.identifying, { ssn: '123', first_name: 'Ann' });
    assert.deepEqual(screened.sealedKeys, ['ssn', 'first_name'], 'a profile never lets a person field stay');
    assert.deepEqual(screened.droppedKeys, ['crew']);
    const empty = screenRawPayload({ ssn: ' ', dob: null }, new Set(), new Set());
    assert.deepEqual(
      [empty.kept, empty.identifying, empty.sealedKeys],
      [{}, {}, []],
      'an empty cell seals nobody',
    );
  });
});
