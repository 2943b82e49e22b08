import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  audienceText,
  changeText,
  countText,
  dayRangeText,
  dayText,
  groupDigits,
  hiddenCountWords,
  momentText,
  monthText,
  monthYearText,
  rateText,
  shortWeekText,
} from './report-text.js';

describe('report text', () => {
  it('prints counts with thousands separated and a suppressed count as "hidden", never as <k', () => {
    assert.equal(groupDigits(0), '0');
    assert.equal(groupDigits(999), '999');
    assert.equal(groupDigits(1000), '1,000');
    assert.equal(groupDigits(1234567), '1,234,567');
    assert.equal(groupDigits(-1234), '-1,234');
    assert.equal(countText(1234), '1,234');
    assert.equal(countText(0), '0');
    // A complementary hidden count may be k or more: "<k" would be false, and a bound for the reader.
    assert.equal(countText(null), 'hidden');
    assert.equal(hiddenCountWords(10), 'hidden (1 to 9, or a larger count hidden to protect one)');
  });

  it('prints rates to one decimal, flagged unreliable with an asterisk', () => {
    assert.equal(rateText(12.345), '12.3');
    assert.equal(rateText(12.36, true), '12.4*');
    assert.equal(rateText(0), '0.0');
    assert.equal(rateText(1234.56), '1,234.6');
    assert.equal(rateText(null), '');
    assert.equal(rateText(undefined, true), '');
  });

  it('prints changes signed and whole, and a withheld change in words', () => {
    assert.equal(changeText(12.4), '+12%');
    assert.equal(changeText(-3.6), '-4%');
    assert.equal(changeText(0.2), '0%');
    assert.equal(changeText(null), 'not shown');
  });

  it('names the audiences as the cover does', () => {
    assert.equal(audienceText('internal'), 'Internal — analysts');
    assert.equal(audienceText('partner'), 'Partners');
    assert.equal(audienceText('public'), 'Public');
  });

  it('writes days, spans and weeks as a reader does', () => {
    assert.equal(monthText('2024-02-03'), 'Feb');
    assert.equal(dayText('2024-02-03'), 'Feb 3, 2024');
    assert.equal(monthYearText('2021-02-01'), 'February 2021');
    assert.equal(monthYearText('2024-12-31'), 'December 2024');
    assert.equal(dayRangeText('2024-01-28', '2024-02-03'), 'Jan 28 – Feb 3, 2024');
    assert.equal(dayRangeText('2023-12-31', '2024-01-06'), 'Dec 31, 2023 – Jan 6, 2024');
    assert.equal(shortWeekText('2024-W05'), 'W05');
    assert.equal(momentText('2024-01-30T14:05:00Z', 'America/New_York'), 'Jan 30, 2024 09:05');
    assert.equal(momentText('2024-07-01T03:30:00Z', 'America/New_York'), 'Jun 30, 2024 23:30');
  });
});
