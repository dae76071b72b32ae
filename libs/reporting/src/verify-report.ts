import { strFromU8, unzipSync } from 'fflate';
import { CalendarDays } from '#domain';
import type { ReadModels } from '#read-store';
import type { CommitteeReport } from './committee-report.js';
import { computeCommitteeReport } from './compute-report.js';
import { findProvenance, provenanceOf, type ReportProvenance } from './report-hash.js';

/** A report file is read no further than this: a committee report is a few megabytes at most. */
export const MAX_REPORT_BYTES = 50 * 1024 * 1024;
/** Of a .docx, only the parts that carry the line are unpacked, and at most this much of each. */
const MAX_PART_BYTES = 20 * 1024 * 1024;

/**
 * The provenance a copy of the report carries, from its bytes: a .docx (its description, else its
 * text), a PDF (its Subject), the web page or the JSON. Null when it carries none.
 */
export function readProvenance(bytes: Uint8Array): ReportProvenance | null {
  if (bytes.byteLength > MAX_REPORT_BYTES) return null;
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const wanted = new Set(['docProps/core.xml', 'word/document.xml', 'word/footnotes.xml']);
    let parts: Record<string, Uint8Array>;
    try {
      parts = unzipSync(bytes, { filter: (file) => wanted.has(file.name) && file.originalSize <= MAX_PART_BYTES });
    } catch {
      return null;
    }
    for (const name of wanted) {
      const part = parts[name];
      // Word may split the line into runs when it is edited: the text without its tags still reads whole.
      const found = part && findProvenance(strFromU8(part).replace(/<[^>]+>/g, ''));
      if (found) return found;
    }
    return null;
  }
  const text = Buffer.from(bytes).toString(bytes[0] === 0x25 ? 'latin1' : 'utf8');
  if (text.trimStart().startsWith('{')) {
    try {
      const content = JSON.parse(text) as CommitteeReport;
      if (content.schema === 'oversight.committee-report/1') return provenanceOf(content);
    } catch {
      // Not JSON after all: look for the line in it as text.
    }
  }
  return findProvenance(text);
}

export type Verification =
  | { outcome: 'matches'; provenance: ReportProvenance; recomputed: CommitteeReport }
  | { outcome: 'differs'; provenance: ReportProvenance; recomputed: CommitteeReport; reasons: string[] }
  | { outcome: 'plan-unknown'; provenance: ReportProvenance };

/**
 * Computes the report again from what the store held at the copy's moment, and says whether it
 * is the same report: the same event store position and the same SHA-256 of its content.
 */
export async function verifyCommitteeReport(
  readModels: ReadModels,
  provenance: ReportProvenance,
  calendar: CalendarDays,
): Promise<Verification> {
  const recompute = (days: CalendarDays) =>
    computeCommitteeReport(readModels, {
      planId: provenance.planId,
      since: new Date(provenance.since),
      until: new Date(provenance.until),
      asAt: new Date(provenance.asAt),
      calendar: days,
    });
  let recomputed = await recompute(calendar);
  if (!recomputed) return { outcome: 'plan-unknown', provenance };
  // A report produced before TIME_ZONE existed judged its days in UTC, and its provenance line
  // does not name a zone: if the service's zone does not reproduce it, UTC may.
  if (recomputed.sha256 !== provenance.sha256 && calendar.timeZone !== 'UTC') {
    const inUtc = await recompute(new CalendarDays('UTC'));
    if (inUtc?.sha256 === provenance.sha256) recomputed = inUtc;
  }
  const reasons: string[] = [];
  if (recomputed.position !== provenance.position)
    reasons.push(
      `the store now holds events up to position ${recomputed.position} recorded by ${provenance.asAt}, where the report was computed at ${provenance.position}`,
    );
  if (recomputed.sha256 !== provenance.sha256)
    reasons.push(`its figures now hash to ${recomputed.sha256}, where the report says ${provenance.sha256}`);
  return reasons.length === 0
    ? { outcome: 'matches', provenance, recomputed }
    : { outcome: 'differs', provenance, recomputed, reasons };
}
