import { createHash } from 'node:crypto';
import type { CommitteeReport } from './committee-report.js';

/** JSON with every object's keys in order, no spaces: one text for one content, whatever built it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** The SHA-256 of a report's content: its canonical JSON without the hash itself. */
export function reportHash(report: CommitteeReport): string {
  const { sha256: _left, ...content } = report;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export const withHash = (report: CommitteeReport): CommitteeReport => ({ ...report, sha256: reportHash(report) });

/** What a copy of a report says about itself: enough to compute it again and compare. */
export interface ReportProvenance {
  planId: string;
  since: string;
  until: string;
  asAt: string;
  position: number;
  sha256: string;
}

/**
 * The line every form of the report carries (a footnote in Word and PDF, the page's last line,
 * and the PDF's and Word file's own properties), which `oversight report --verify` reads back.
 * Plain ASCII with no characters HTML, XML or a PDF string escape, so it reads back from each.
 */
export const provenanceLine = (report: CommitteeReport): string =>
  `Oversight committee report of plan ${report.plan.id} for ${report.period.since} to ${report.period.until} as at ${report.asAt}, computed at event store position ${report.position}, SHA-256 ${report.sha256 ?? reportHash(report)}`;

const LINE =
  /Oversight committee report of plan ([0-9a-f-]{36}) for (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) to (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) as at (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z), computed at event store position (\d{1,15}), SHA-256 ([0-9a-f]{64})/;

/** The provenance line found in a text, or null. */
export function findProvenance(text: string): ReportProvenance | null {
  const match = LINE.exec(text);
  if (!match) return null;
  const [, planId, since, until, asAt, position, sha256] = match;
  return { planId: planId!, since: since!, until: until!, asAt: asAt!, position: Number(position), sha256: sha256! };
}

export const provenanceOf = (report: CommitteeReport): ReportProvenance => ({
  planId: report.plan.id,
  since: report.period.since,
  until: report.period.until,
  asAt: report.asAt,
  position: report.position,
  sha256: report.sha256 ?? reportHash(report),
});
