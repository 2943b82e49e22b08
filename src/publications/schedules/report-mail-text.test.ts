import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SosError } from '../../platform/errors.js';
import { checkMadeReport, safeReportFileName } from './made-report-check.js';
import { reportMailText } from './report-mail-text.js';

const week = { label: '2024-W05', first: '2024-01-28', last: '2024-02-03' };

describe('report emails', () => {
  it('names the week, the place and the audience, and asks partners and analysts not to forward it', () => {
    const partner = reportMailText({
      jurisdictionName: 'Hartford County',
      week,
      audience: 'partner',
      format: 'pdf',
      fileName: 'hartford-2024-W05-partner.pdf',
    });
    assert.equal(partner.subject, 'Weekly overdose report 2024-W05 — Hartford County (partners)');
    assert.match(
      partner.body,
      /^Attached is the weekly overdose report of Hartford County for MMWR week 2024-W05 \(Sunday 2024-01-28 to Saturday 2024-02-03\), for partner organizations, as a PDF file: hartford-2024-W05-partner\.pdf\./,
    );
    assert.match(partner.body, /Do not forward it beyond them\./);
    const internal = reportMailText({
      jurisdictionName: 'X',
      week,
      audience: 'internal',
      format: 'html',
      fileName: 'x.html',
    });
    assert.equal(internal.subject, 'Weekly overdose report 2024-W05 — X (internal)');
    assert.match(internal.body, /as an HTML page: x\.html/);
    assert.match(internal.body, /analysts only\. Do not forward it/);
    const open = reportMailText({
      jurisdictionName: 'X',
      week,
      audience: 'public',
      format: 'pdf',
      fileName: 'x.pdf',
    });
    assert.equal(open.subject, 'Weekly overdose report 2024-W05 — X (public)');
    assert.doesNotMatch(open.body, /forward/);
  });
});

describe('what the report maker returns', () => {
  it('gets a file name safe in a header and on a disk, with the extension of its format', () => {
    assert.equal(safeReportFileName('hartford-2024-W05.pdf', 'pdf'), 'hartford-2024-W05.pdf');
    assert.equal(
      safeReportFileName('Hartford "County"\r\n2024/W05.PDF', 'pdf'),
      'Hartford-County-2024-W05.pdf',
    );
    assert.equal(safeReportFileName('../../etc/passwd', 'html'), 'etc-passwd.html');
    assert.equal(safeReportFileName('', 'pdf'), 'weekly-report.pdf');
    assert.equal(safeReportFileName('report.html', 'pdf'), 'report.pdf');
    assert.equal(safeReportFileName('x'.repeat(300), 'pdf').length, 114);
  });

  it('refuses an empty file or one of another format', () => {
    const bytes = new Uint8Array([37, 80, 68, 70]);
    assert.equal(
      checkMadeReport({ bytes, contentType: 'application/pdf', fileName: 'a b.pdf' }, 'pdf').fileName,
      'a-b.pdf',
    );
    const refused = (fn: () => unknown, message: RegExp) =>
      assert.throws(
        fn,
        (e: unknown) => e instanceof SosError && e.code === 'INTERNAL' && message.test(e.message),
      );
    refused(
      () =>
        checkMadeReport(
          { bytes: new Uint8Array(), contentType: 'application/pdf', fileName: 'a.pdf' },
          'pdf',
        ),
      /empty/,
    );
    refused(
      () => checkMadeReport({ bytes, contentType: 'text/html', fileName: 'a.html' }, 'pdf'),
      /text\/html for a pdf report/,
    );
  });
});
