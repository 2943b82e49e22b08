import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { el, medication, patientCareReport } from '../../../../test/support/nemsis-elements.js';
import { substanceOfIcd10 } from './icd10-substances.js';
import { nemsisRecordFields } from './nemsis-fields.js';

const nil = (name: string, nv = '7701003') => el(name, '', { 'xsi:nil': 'true', NV: nv });

describe('NEMSIS PatientCareReport to report fields', () => {
  it('takes the best incident time: arrived at patient, else on scene, en route, notified', () => {
    const times = (...e: ReturnType<typeof el>[]) =>
      nemsisRecordFields(patientCareReport(el('eTimes', e))).fields;
    const notified = el('eTimes.03', '2024-10-07T20:22:01-04:00');
    const enRoute = el('eTimes.05', '2024-10-07T20:23:38-04:00');
    const onScene = el('eTimes.06', '2024-10-07T20:25:53-04:00');
    const atPatient = el('eTimes.07', '2024-10-07T20:26:07-04:00');
    assert.equal(times(notified, enRoute, onScene, atPatient).occurred_at, '2024-10-07T20:26:07-04:00');
    assert.equal(
      times(notified, enRoute, onScene, nil('eTimes.07')).occurred_at,
      '2024-10-07T20:25:53-04:00',
    );
    assert.equal(
      times(notified, nil('eTimes.05', '7701001'), nil('eTimes.06'), nil('eTimes.07')).occurred_at,
      '2024-10-07T20:22:01-04:00',
    );
    assert.equal(times().occurred_at, undefined);
  });

  it('reads the scene: GPS "lat,lon", address, ZIP and county FIPS; Not Values are no value', () => {
    const scene = el('eScene', [
      el('eScene.11', '41.396,-73.453'),
      el('eScene.15', '285 Main Street'),
      el('eScene.17', '213415'),
      el('eScene.19', '06810'),
      el('eScene.21', '09001'),
    ]);
    const { fields, raw } = nemsisRecordFields(patientCareReport(scene));
    assert.equal(fields.latitude, '41.396');
    assert.equal(fields.longitude, '-73.453');
    assert.equal(fields.address, '285 Main Street');
    assert.equal(fields.zip, '06810');
    assert.equal(fields.county_fips, '09001');
    // The GNIS city code is no name: kept in the raw record only.
    assert.equal(fields.city, undefined);
    assert.equal(raw['eScene.17'], '213415');
    const blank = nemsisRecordFields(
      patientCareReport(el('eScene', [nil('eScene.15', '7701005'), nil('eScene.19', '7701001')])),
    );
    assert.equal(blank.fields.address, undefined);
    assert.equal(blank.fields.zip, undefined);
    assert.deepEqual(blank.raw['eScene.19'], { value: null, NV: '7701001' });
  });

  it('reads sex from ePatient.25, or ePatient.13 in older files; race and ethnicity from ePatient.14', () => {
    const patient = (...e: ReturnType<typeof el>[]) =>
      nemsisRecordFields(patientCareReport(el('ePatient', e))).fields;
    assert.equal(patient(nil('ePatient.13'), el('ePatient.25', '9919001')).sex, 'female');
    assert.equal(patient(el('ePatient.13', '9906003')).sex, 'male');
    // A refused sex (PN) is no value: the deprecated gender is not read over it either when nil.
    assert.equal(
      patient(nil('ePatient.13'), el('ePatient.25', '', { 'xsi:nil': 'true', PN: '8801019' })).sex,
      undefined,
    );
    const one = patient(el('ePatient.14', '2514011'));
    assert.equal(one.race, 'white');
    assert.equal(one.ethnicity, 'not_hispanic');
    const several = patient(
      el('ePatient.14', '2514001'),
      el('ePatient.14', '2514007'),
      el('ePatient.14', '2514011'),
    );
    assert.equal(several.race, 'multiple');
    assert.equal(several.ethnicity, 'hispanic');
    const hispanicOnly = patient(el('ePatient.14', '2514007'));
    assert.equal(hispanicOnly.race, undefined);
    assert.equal(hispanicOnly.ethnicity, 'hispanic');
  });

  it('reads the age in years; months, days, hours and minutes are age 0', () => {
    const age = (value: string, unit: string) =>
      nemsisRecordFields(
        patientCareReport(
          el('ePatient', [el('ePatient.AgeGroup', [el('ePatient.15', value), el('ePatient.16', unit)])]),
        ),
      ).fields.age;
    assert.equal(age('45', '2516009'), '45');
    assert.equal(age('7', '2516007'), '0');
    assert.equal(age('3', '2516001'), '0');
    assert.equal(age('30', '2516005'), '0');
  });

  it('reads substances from symptom and impression codes, never from a pertinent negative', () => {
    const record = patientCareReport(
      el('eSituation', [
        el('eSituation.09', 'R40.20'),
        el('eSituation.10', 'T40.5X1A', { PN: '8801031' }),
        el('eSituation.11', 'T40.1X1A'),
        el('eSituation.12', 'T40.411A'),
        el('eSituation.12', 'F15.120'),
      ]),
    );
    assert.equal(nemsisRecordFields(record).fields.substances, 'heroin;fentanyl;other_stimulant');
    const table: [string, string | null][] = [
      ['T40.1X1A', 'heroin'],
      ['T40.4X1A', 'fentanyl'],
      ['T40.411A', 'fentanyl'],
      ['T40.421A', 'tramadol'],
      ['T40.2X1A', 'other_opioid'],
      ['T40.3X2A', 'methadone'],
      ['T40.5X4A', 'cocaine'],
      ['T43.651A', 'methamphetamine'],
      ['T42.4X1A', 'benzodiazepine'],
      ['F11.20', 'any_opioid'],
      ['T40.2X5A', null],
      ['T40.4X6A', null],
      ['R46.4', null],
    ];
    for (const [code, substance] of table) assert.equal(substanceOfIcd10(code), substance, code);
  });

  it('counts naloxone doses and keeps the best response; a refused naloxone is no dose', () => {
    const meds = (...groups: ReturnType<typeof medication>[]) =>
      nemsisRecordFields(patientCareReport(el('eMedications', groups))).fields;
    const given = meds(
      medication('7242', '9916003'),
      medication('7806', '9916001'),
      medication('7242', '9916001'),
    );
    assert.equal(given.naloxone_given, true);
    assert.equal(given.naloxone_doses, 2);
    assert.equal(given.naloxone_response, 'responded');
    const refused = meds(medication('7242', '', { PN: '8801019' }));
    assert.equal(refused.naloxone_given, false);
    assert.equal(refused.naloxone_doses, undefined);
    assert.equal(refused.naloxone_response, undefined);
  });

  it('reads the disposition and death from eDisposition, eSituation.13 and eArrest.18', () => {
    const disposition = (...e: ReturnType<typeof el>[]) =>
      nemsisRecordFields(
        patientCareReport(el('eDisposition', [el('eDisposition.IncidentDispositionGroup', e)])),
      ).fields;
    const contact = el('eDisposition.27', '4227001');
    assert.deepEqual(
      [disposition(contact, el('eDisposition.28', '4228001'), el('eDisposition.30', '4230001'))].map((f) => [
        f.disposition,
        f.fatal,
      ]),
      [['transported', false]],
    );
    assert.equal(
      disposition(contact, el('eDisposition.28', '4228003'), el('eDisposition.30', '4230009')).disposition,
      'refused_transport',
    );
    assert.equal(
      disposition(contact, el('eDisposition.28', '4228001'), el('eDisposition.30', '4230013')).disposition,
      'treated_released',
    );
    const cancelled = disposition(el('eDisposition.27', '4227005'));
    assert.equal(cancelled.disposition, 'other');
    assert.equal(cancelled.fatal, undefined);
    const dead = nemsisRecordFields(
      patientCareReport(el('eSituation', [el('eSituation.13', '2813007')]), el('eDisposition', [contact])),
    ).fields;
    assert.equal(dead.fatal, true);
    assert.equal(dead.disposition, 'deceased');
    const arrest = nemsisRecordFields(patientCareReport(el('eArrest', [el('eArrest.18', '3018003')]))).fields;
    assert.equal(arrest.fatal, true);
  });

  it('names the record by eRecord.01, the unit by its call sign, and keeps dispatch and protocols raw', () => {
    const { fields, raw } = nemsisRecordFields(
      patientCareReport(
        el('eResponse', [el('eResponse.13', '84DR8411'), el('eResponse.14', 'DF A1')]),
        el('eDispatch', [el('eDispatch.01', '2301097'), el('eDispatch.03', '26C1')]),
        el('eProtocols', [
          el('eProtocols.ProtocolGroup', [el('eProtocols.01', '9914087')]),
          el('eProtocols.ProtocolGroup', [el('eProtocols.01', '9914113')]),
        ]),
        el('ePatient', [el('ePatient.02', 'Doe')]),
      ),
    );
    assert.equal(fields.source_record_id, 'PCR-1');
    assert.equal(fields.source_type, 'ems');
    assert.equal(fields.responding_unit, 'DF A1');
    assert.equal(raw['eDispatch.03'], '26C1');
    assert.deepEqual(raw['eProtocols.01'], ['9914087', '9914113']);
    // The patient's name is never copied into the raw record.
    assert.equal(raw['ePatient.02'], undefined);
  });
});
