import { describe, expect, it } from '@jest/globals';
import { strFromU8, unzipSync } from 'fflate';
import { renderDocx } from './render-docx.js';
import { renderPdf } from './render-pdf.js';
import { readProvenance } from './verify-report.js';
import { aCommitteeReport } from './testing/committee-report.builder.js';

describe('the committee report files', () => {
  it('a Word file is the same bytes every time it is rendered, whatever random ids docx draws', async () => {
    const report = aCommitteeReport();
    const first = Buffer.from(await renderDocx(report));
    // docx draws a random relationship id each time; 1 in 32 of them ends in - or _, which once escaped the numbering.
    for (let n = 0; n < 30; n += 1) expect(Buffer.from(await renderDocx(report)).equals(first)).toBe(true);
    const parts = unzipSync(first);
    expect(strFromU8(parts['docProps/core.xml']!)).toContain('2025-04-02T09:30:00Z</dcterms:created>');
    expect(strFromU8(parts['word/document.xml']!)).not.toMatch(/rId[a-z0-9_-]{21}/);
    expect(readProvenance(first)).toMatchObject({ sha256: report.sha256, position: 1207 });
  });

  it('a PDF is the same bytes every time, dated the report moment, and carries its line', async () => {
    const report = aCommitteeReport();
    const [a, b] = [Buffer.from(await renderPdf(report)), Buffer.from(await renderPdf(report))];
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).toContain('(D:20250402093000Z)');
    expect(readProvenance(a)).toMatchObject({ sha256: report.sha256, asAt: report.asAt });
    // Another moment is another file: the dates (and the ID made from them) follow the report.
    const later = Buffer.from(await renderPdf(aCommitteeReport({ asAt: '2025-04-03T09:30:00.000Z' })));
    expect(later.equals(a)).toBe(false);
  });
});
