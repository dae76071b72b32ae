import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isIsoDate, isIsoDateTime } from '#domain';
import { allProjections, Projector, SqlReadModels } from '#read-store';
import {
  asAtOf,
  computeCommitteeReport,
  MAX_REPORT_BYTES,
  readProvenance,
  renderDocx,
  renderHtmlDocument,
  renderPdf,
  reportFileName,
  reportPeriod,
  canonicalJson,
  verifyCommitteeReport,
  type CommitteeReport,
} from '#reporting';
import { configuredCalendar, EXIT, UsageError, withReadDatabase } from '../cli-context.js';
import { parseCommandArgs } from '../command-args.js';
import type { ConnectedEventStore } from '#event-store';
import type { DataSource } from 'typeorm';

export const reportUsage = `oversight report <plan-id> [--from <day>] [--to <day>] [--as-at <date>] [--format docx|pdf|html|json] [--out <file>]
oversight report --verify <file>
  Writes the quarterly committee report of a plan: the council's headings, counts by BRAG
  status at the start and end of the period, key achievements, stuck and overdue actions, what
  changed, accountability to sources, and the plan as an appendix. Without --from, the last full
  quarter before --as-at; --to is included. --as-at 2025-04-01 (to the end of that day) produces
  the report exactly as it would have been produced then: the same bytes every time. --format is
  docx (default, for officers to edit), pdf, html or json; --out names the file.
  --verify reads the line a report carries (its plan, period, moment, event store position and
  SHA-256), computes the report again from what the store held then, and says whether the
  figures still match: exit 0 when they do, 1 when they do not.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATS = ['docx', 'pdf', 'html', 'json'] as const;
type Format = (typeof FORMATS)[number];
/** How long to wait for the read models to take in what the store holds. */
const CATCH_UP_MS = 120_000;

const dayOrMoment = (option: string, value: string | undefined): string | undefined => {
  if (value !== undefined && !isIsoDate(value) && !isIsoDateTime(value))
    throw new UsageError(
      `--${option} must be a day (2025-03-31) or a date and time with an offset (2025-03-31T17:00:00Z), got "${value}"`,
    );
  return value;
};

export async function reportCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    command: 'report',
    usage: reportUsage,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      'as-at': { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      verify: { type: 'string' },
    },
    valueNames: {
      from: '<day>',
      to: '<day>',
      'as-at': '<date>',
      format: '<docx|pdf|html|json>',
      out: '<file>',
      verify: '<file>',
    },
    allowPositionals: true,
  });
  if (values.verify !== undefined) {
    if (positionals.length > 0 || Object.keys(values).length > 1)
      throw new UsageError(`report --verify takes only the file to check\n\n${reportUsage}`);
    return verify(values.verify, out, err);
  }
  if (positionals.length !== 1)
    throw new UsageError(
      `report takes one plan id, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}\n\n${reportUsage}`,
    );
  const planId = positionals[0]!.toLowerCase();
  if (!UUID.test(planId))
    throw new UsageError(`report takes a plan's id (a UUID, as the import summary gives it), got "${positionals[0]}"`);
  const format = (values.format ?? 'docx') as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a file name');
  const [from, to, asAtText] = [
    dayOrMoment('from', values.from),
    dayOrMoment('to', values.to),
    dayOrMoment('as-at', values['as-at']),
  ];
  const now = new Date();
  const calendar = configuredCalendar();
  const asAt = asAtText === undefined ? now : asAtOf(asAtText, calendar);
  if (asAt.getTime() > now.getTime()) throw new UsageError(`--as-at (${asAtText}) must not be in the future`);
  const { since, until } = reportPeriod({ since: from, until: to }, asAt, calendar);
  if (until.getTime() <= since.getTime())
    throw new UsageError(
      `--from (${from ?? calendar.dayOf(since)}) must be before --to (${to ?? calendar.dayOf(until)})`,
    );

  return withReadDatabase(async (readDatabase, connected) => {
    await catchUp(readDatabase, connected, err);
    const report = await computeCommitteeReport(new SqlReadModels(readDatabase), {
      planId,
      since,
      until,
      asAt,
      calendar,
    });
    if (!report) {
      err.write(asAtText ? `No plan ${planId} was recorded by ${asAtText}\n` : `No such plan: ${planId}\n`);
      return EXIT.failed;
    }
    const path = resolve(
      values.out ?? reportFileName(report.plan.title, report.period.firstDay, report.period.lastDay, format),
    );
    await writeFile(path, await render(report, format));
    out.write(
      `Wrote the committee report of "${report.plan.title}" for ${report.period.words}, as at ${report.asAt} (event store position ${report.position}, SHA-256 ${report.sha256}), to ${path}\n`,
    );
    return EXIT.ok;
  });
}

async function render(report: CommitteeReport, format: Format): Promise<Uint8Array | string> {
  switch (format) {
    case 'docx':
      return renderDocx(report);
    case 'pdf':
      return renderPdf(report);
    case 'html':
      return renderHtmlDocument(report);
    case 'json':
      return canonicalJson(report);
    default: {
      const _exhaustive: never = format;
      return _exhaustive;
    }
  }
}

async function verify(file: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const path = resolve(file);
  const size = await stat(path).then(
    (found) => found.size,
    () => {
      throw new UsageError(`Cannot read ${path}`);
    },
  );
  if (size > MAX_REPORT_BYTES)
    throw new UsageError(`${path} is ${size} bytes; a committee report is at most ${MAX_REPORT_BYTES}`);
  const provenance = readProvenance(new Uint8Array(await readFile(path)));
  if (!provenance)
    throw new UsageError(`${path} carries no Oversight committee report line (a .docx, .pdf, .html or .json it wrote)`);
  return withReadDatabase(async (readDatabase, connected) => {
    await catchUp(readDatabase, connected, err);
    const outcome = await verifyCommitteeReport(new SqlReadModels(readDatabase), provenance, configuredCalendar());
    const what = `The report of plan ${provenance.planId} for ${provenance.since} to ${provenance.until} as at ${provenance.asAt}`;
    switch (outcome.outcome) {
      case 'matches':
        out.write(
          `${what} still matches: computed again at event store position ${outcome.recomputed.position}, SHA-256 ${outcome.recomputed.sha256}.\n`,
        );
        return EXIT.ok;
      case 'differs':
        out.write(`${what} does NOT match what the store holds: ${outcome.reasons.join('; ')}.\n`);
        return EXIT.failed;
      case 'plan-unknown':
        out.write(`${what} does NOT match: the store held no such plan at that moment.\n`);
        return EXIT.failed;
      default: {
        const _exhaustive: never = outcome;
        return _exhaustive;
      }
    }
  });
}

/** The service keeps the read models; when it is not running they may lag the store, so they take it in first. */
async function catchUp(readDatabase: DataSource, connected: ConnectedEventStore, err: NodeJS.WritableStream) {
  const projector = new Projector(connected.store, readDatabase, allProjections, (message) =>
    err.write(`${message}\n`),
  );
  await projector.start();
  const caughtUp = await projector.waitFor(await connected.store.headPosition(), CATCH_UP_MS);
  await projector.stop();
  if (!caughtUp)
    err.write('The read models did not catch up with the store in time; the report may miss the latest changes.\n');
}
