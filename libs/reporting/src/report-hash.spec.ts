import { describe, expect, it } from '@jest/globals';
import type { CommitteeReport } from './committee-report.js';
import { canonicalJson, findProvenance, provenanceLine, reportHash, withHash } from './report-hash.js';
import { readProvenance } from './verify-report.js';

/** The least of a report the hash and the provenance line read. */
const report = (overrides: Partial<CommitteeReport> = {}): CommitteeReport =>
  ({
    schema: 'oversight.committee-report/1',
    plan: { id: '0f8e6c1e-4b0a-4c55-9d7e-2f1a3b4c5d6e', title: 'Service Development Plan 2024-5' },
    period: { since: '2025-01-01T00:00:00.000Z', until: '2025-04-01T00:00:00.000Z' },
    asAt: '2025-04-02T09:30:00.000Z',
    position: 1207,
    counts: { rows: [{ status: 'amber', start: 3, end: 5, change: 2 }] },
    ...overrides,
  }) as unknown as CommitteeReport;

describe('the committee report: its hash and its provenance line', () => {
  it('hashes the content whatever order its keys were built in, and any figure changed changes the hash', () => {
    const a = report();
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as CommitteeReport;
    expect(Object.keys(reordered)[0]).toBe('counts');
    expect(canonicalJson(reordered)).toBe(canonicalJson(a));
    expect(reportHash(reordered)).toBe(reportHash(a));
    const changed = report({ counts: { rows: [{ status: 'amber', start: 3, end: 6, change: 3 }] } } as never);
    expect(reportHash(changed)).not.toBe(reportHash(a));
    // The hash is of the content without itself: adding it does not change it.
    expect(reportHash(withHash(a))).toBe(reportHash(a));
  });

  it('reads its line back from a page, from JSON, and not from text that only resembles it', () => {
    const hashed = withHash(report());
    const line = provenanceLine(hashed);
    const expected = {
      planId: hashed.plan.id,
      since: hashed.period.since,
      until: hashed.period.until,
      asAt: hashed.asAt,
      position: 1207,
      sha256: hashed.sha256,
    };
    expect(findProvenance(`<p class="govuk-body-s">${line}</p>`)).toEqual(expected);
    expect(readProvenance(Buffer.from(`<html><body><p>${line}</p></body></html>`))).toEqual(expected);
    expect(readProvenance(Buffer.from(JSON.stringify(hashed)))).toEqual(expected);
    expect(findProvenance(line.replace(/SHA-256 [0-9a-f]+/, 'SHA-256 not-a-hash'))).toBeNull();
    expect(readProvenance(Buffer.from('{"schema":"something else"}'))).toBeNull();
  });
});
