import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escalationMail, LINKED_CASES, reminderMail } from './overdue-mail-text.js';

const due = new Date('2026-03-02T12:00:00Z');
const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    dueAt: due,
  }));

describe('overdue emails', () => {
  it('links each case by id on the site, with its due time', () => {
    const mail = escalationMail('c@example.org', 'North QRT', ids(2), 'https://sos.example.org/');
    assert.equal(mail.subject, 'North QRT: 2 cases past the response window');
    assert.ok(
      mail.body.includes(
        '- https://sos.example.org/outreach/cases/00000000-0000-4000-8000-000000000001 (due 2026-03-02T12:00:00.000Z)',
      ),
    );
    assert.equal(
      reminderMail('w@example.org', ids(1), 12, 'http://localhost').subject,
      '1 case assigned to you due within 12 hours',
    );
  });

  it(`links at most ${LINKED_CASES} cases and counts the rest`, () => {
    const mail = escalationMail('c@example.org', 'North QRT', ids(LINKED_CASES + 7), 'http://localhost');
    assert.equal(
      mail.body.split('\n').filter((line) => line.includes('/outreach/cases/')).length,
      LINKED_CASES,
    );
    assert.ok(mail.body.includes('- and 7 more on the queue'));
    assert.ok(mail.subject.startsWith(`North QRT: ${LINKED_CASES + 7} cases`));
  });
});
