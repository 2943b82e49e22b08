import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Alert } from '../alert-rule.js';
import { draftFromAlert, NEVER_USE_ALONE_LINE } from './community-alert-start.js';
import { smsStopFooter } from './community-texts.js';
import { smsLength } from './sms-parts.js';

const alert = (scope: Alert['details']['scope'], placeName: string) =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    count: 7,
    threshold: 4,
    details: { scope, placeName } as Alert['details'],
  }) as Pick<Alert, 'id' | 'count' | 'threshold' | 'details'>;

const layer = {
  layerId: 'towns',
  areas: [
    { id: 'Hartford', name: 'Hartford' },
    { id: 'West Hartford', name: 'West Hartford' },
  ],
};

describe('a community alert started from a spike alert', () => {
  it("takes the alert's area when it is one of the subscriptions' layer, and writes every audience's text", () => {
    const draft = draftFromAlert(
      alert({ layerId: 'towns', areaId: 'West Hartford' }, 'West Hartford'),
      layer,
    );
    assert.deepEqual(draft.area_ids, ['West Hartford']);
    assert.equal(draft.alert_id, '00000000-0000-4000-8000-000000000001');
    const pwud = draft.texts.people_who_use_drugs;
    for (const words of [/test/i, /don't use alone/, /naloxone/, /988/]) assert.match(pwud.sms, words);
    assert.ok(pwud.message.includes(NEVER_USE_ALONE_LINE));
    // The partners' text is the spike alert's partner text; the public texts carry no count.
    assert.match(draft.texts.partners.message, /7 \(alert level 4\)/);
    assert.doesNotMatch(draft.texts.public.message, /7/);
    for (const sms of [draft.texts.public.sms, pwud.sms])
      for (const language of ['en', 'es'] as const)
        assert.ok(smsLength(`${sms}${smsStopFooter(language)}`).parts <= 2, sms);
  });

  it('leaves the areas to choose when the alert watched the whole jurisdiction or another layer', () => {
    assert.deepEqual(draftFromAlert(alert({}, 'Test County'), layer).area_ids, []);
    assert.deepEqual(
      draftFromAlert(alert({ layerId: 'tracts', areaId: 'Hartford' }, 'Tract 1'), layer).area_ids,
      [],
    );
    assert.match(draftFromAlert(alert({}, 'Test County'), layer).title, /Test County/);
  });
});
