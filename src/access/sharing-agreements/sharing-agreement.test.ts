import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agreementGap, type SharingAgreement } from './sharing-agreement.js';

const agreement: SharingAgreement = {
  jurisdictionId: 'j',
  id: 'a',
  title: 'POST and clinic MOU',
  partyOrganizationIds: ['health', 'clinic'],
  purpose: 'Linkage to care',
  dataCategories: ['referral_details', 'identifiable_outreach'],
  legalBasis: 'Memorandum of understanding',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  documentName: null,
  documentType: null,
  documentSha256: null,
  public: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

describe('whether a sharing agreement covers a flow of data', () => {
  const need = {
    organizationIds: ['health', 'clinic'],
    categories: ['referral_details'] as const,
    on: '2026-06-01',
  };

  it('covers a flow between its parties, of its categories, within its term (both ends included)', () => {
    assert.equal(agreementGap(agreement, need), null);
    assert.equal(agreementGap(agreement, { ...need, on: '2026-01-01' }), null);
    assert.equal(agreementGap(agreement, { ...need, on: '2026-12-31' }), null);
    assert.equal(agreementGap({ ...agreement, endsOn: null }, { ...need, on: '2040-01-01' }), null);
  });

  it('says which organization is not a party, which category is not covered, or why the day is outside', () => {
    assert.match(
      agreementGap(agreement, { ...need, organizationIds: ['health', 'shelter'] }) ?? '',
      /organization shelter is not a party/,
    );
    assert.match(
      agreementGap(agreement, { ...need, categories: ['part2_records'] }) ?? '',
      /does not cover part2_records/,
    );
    assert.match(agreementGap(agreement, { ...need, on: '2025-12-31' }) ?? '', /starts on 2026-01-01/);
    assert.match(agreementGap(agreement, { ...need, on: '2027-01-01' }) ?? '', /ended on 2026-12-31/);
  });
});
