import type { EvidenceAttached } from '#domain';
import { existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { loadConfig, loadEnvFileIfPresent } from '#config';
import {
  loadPublicKey,
  verifyChain,
  verifyEventStore,
  type ChainProblem,
  type ChainReport,
  type EventStore,
  type RecordedEvent,
} from '#event-store';
import {
  allProjections,
  compareWithRebuild,
  DocumentStore,
  readModelsEqual,
  type ProjectionComparison,
} from '#read-store';
import { EXIT, UsageError, withReadDatabase } from '../cli-context.js';
import { parseCommandArgs } from '../command-args.js';

export const verifyUsage = `oversight verify [--checkpoints <dir> [--public-key <file>]] [--read-models]
  Walks every stream and recomputes its hash chain; then walks every event in global order
  against the global chain the service seals (each event's link there, the links following one
  another); then checks every evidence document the events name against the document store. With
  --checkpoints, also checks every signed checkpoint in <dir> with the public key (--public-key,
  a PEM file; default: the one of CHECKPOINT_SIGNING_KEY_FILE) and that the store still holds what
  each signed. Exit code 0 when all hold (events not sealed yet are reported, not failed), 1 naming
  the first event that does not (edited, removed or reordered), a missing tail or stream, a
  checkpoint that does not hold, a command recorded that its events do not bear out (or an
  event's command not recorded), and each document missing or altered. Reads only, the events as
  stored: personal data sealed, no key needed. With --read-models, also rebuilds every read model
  from the events into a schema aside (dropped afterwards), each up to its live checkpoint, and
  compares every table with the live one row by row: 1 naming each table that differs, the first
  rows and columns that do, and the rows missing or extra. This reads the personal words, so it
  needs the key-encryption key (DATA_KEY_SECRET) the service has.`;

/** The public key checkpoints are checked with: the file given, else the configured signing key's. */
function publicKeyFor(file: string | undefined): KeyObject {
  let path = file;
  if (!path) {
    loadEnvFileIfPresent();
    path = loadConfig().checkpoints.signingKeyFile;
    if (!existsSync(path))
      throw new UsageError(
        `--checkpoints needs the public key: give --public-key <file> (no signing key at ${path}, CHECKPOINT_SIGNING_KEY_FILE)`,
      );
  }
  try {
    return loadPublicKey(path);
  } catch (error) {
    throw new UsageError(`Cannot read the public key in ${path}: ${(error as Error).message}`);
  }
}

const named = (broken: ChainProblem) =>
  broken.eventId
    ? `stream ${broken.streamId}, revision ${broken.revision} (event ${broken.eventId}, position ${broken.position})`
    : `stream ${broken.streamId}, revision ${broken.revision} (position ${broken.position})`;

/** The chain's and the checkpoints' lines; true when something does not hold. */
function reportChain(report: ChainReport, out: NodeJS.WritableStream): boolean {
  let failed = false;
  if (report.firstBroken) {
    failed = true;
    out.write(`CHAIN BROKEN: ${named(report.firstBroken)}: ${report.firstBroken.problem}\n`);
  }
  if (report.missingTail) {
    failed = true;
    const { count, from, to } = report.missingTail;
    out.write(`MISSING TAIL: the ${count} events sealed at positions ${from} to ${to} are gone from the store.\n`);
  }
  if (!failed)
    out.write(`OK: the global chain holds: ${report.sealed} events sealed, up to position ${report.sealedHead}.\n`);
  if (report.unsealed > 0)
    out.write(
      `UNSEALED: ${report.unsealed} events after position ${report.sealedHead} are not in the chain yet (the service seals them after commit): not checked against it.\n`,
    );
  const signed = report.checkpoints;
  if (!signed) return failed;
  let signedFailed = false;
  for (const problem of signed.fileProblems) {
    signedFailed = true;
    out.write(`CHECKPOINT BROKEN: ${problem}\n`);
  }
  if (signed.firstDifference) {
    signedFailed = true;
    out.write(`DIFFERS FROM CHECKPOINT: ${named(signed.firstDifference)}: ${signed.firstDifference.problem}\n`);
  }
  if (signed.missingTail) {
    signedFailed = true;
    const { count, from, to, file } = signed.missingTail;
    out.write(
      `MISSING TAIL: the ${count} events signed at positions ${from} to ${to} (from ${file}) are gone from the store.\n`,
    );
  }
  for (const stream of signed.missingStreams) {
    signedFailed = true;
    out.write(
      `MISSING STREAM: ${stream.streamId} (signed up to revision ${stream.revision} in ${stream.file}) has no events in the store.\n`,
    );
  }
  for (const stream of signed.shortStreams) {
    signedFailed = true;
    out.write(
      `MISSING STREAM TAIL: ${stream.streamId} ends at revision ${stream.revision}; ${stream.file} signed it up to revision ${stream.signedRevision}.\n`,
    );
  }
  if (signed.files === 0) {
    signedFailed = true;
    out.write('CHECKPOINT BROKEN: the directory holds no checkpoint files.\n');
  } else if (!signedFailed)
    out.write(`OK: all ${signed.files} signed checkpoints hold, up to position ${signed.position}.\n`);
  return failed || signedFailed;
}

async function checkChain(
  store: EventStore,
  checkpoints: { dir: string; publicKey: KeyObject } | undefined,
  out: NodeJS.WritableStream,
): Promise<boolean> {
  if (!store.chain) {
    out.write('NOTE: this store keeps no global chain (EventStoreDB): only the stream chains were checked.\n');
    if (checkpoints) {
      out.write('CHECKPOINT BROKEN: checkpoints need the global chain, which this store does not keep.\n');
      return true;
    }
    return false;
  }
  return reportChain(await verifyChain(store, store.chain, checkpoints), out);
}

const SEALED_NAME = '(name sealed)';

interface NamedDocument {
  sha256: string;
  size: number;
  fileName: string;
  streamId: string;
  revision: number;
}

/** The document an event names, when it is evidence the service keeps. */
function documentOf(event: RecordedEvent): NamedDocument | null {
  if (event.type !== 'EvidenceAttached') return null;
  const document = (event.data as EvidenceAttached['data'] | null)?.document;
  if (!document || typeof document.sha256 !== 'string') return null;
  // Verify reads the events as stored, needing no key: a sealed file name is opened only to name a broken document.
  const fileName = typeof document.fileName === 'string' ? document.fileName : SEALED_NAME;
  return { ...document, fileName, streamId: event.streamId, revision: event.revision };
}

/** A value as a report shows it: JSON, cut short. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The read models' lines; true when a table differs from its rebuild. */
function reportReadModels(comparisons: ProjectionComparison[], out: NodeJS.WritableStream): boolean {
  let failed = false;
  for (const comparison of comparisons) {
    const at = `at position ${comparison.position}`;
    if (readModelsEqual(comparison)) {
      const rows = comparison.tables.map((table) => `${table.table} ${table.rows}`).join(', ');
      out.write(`OK: ${comparison.projection} equals a rebuild from the events ${at} (rows: ${rows}).\n`);
      continue;
    }
    failed = true;
    for (const table of comparison.tables) {
      if (table.changed + table.missing + table.extra === 0) continue;
      out.write(
        `READ MODEL DIFFERS: ${table.table} (${comparison.projection}, ${at}): ${table.changed} rows differ, ${table.missing} missing, ${table.extra} extra, of ${table.rows} live rows.\n`,
      );
      for (const row of table.first) {
        if (row.kind === 'missing')
          out.write(`  ${table.table} ${row.key}: missing (the rebuild has it, the live table not)\n`);
        else if (row.kind === 'extra')
          out.write(`  ${table.table} ${row.key}: extra (in the live table, not in the rebuild)\n`);
        else
          for (const column of row.columns)
            out.write(
              `  ${table.table} ${row.key}: ${column.column} is ${shown(column.live)} live, ${shown(column.rebuilt)} rebuilt\n`,
            );
      }
    }
  }
  return failed;
}

export async function verifyCommand(
  rawArgs: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(rawArgs, {
    command: 'verify',
    usage: verifyUsage,
    options: {
      checkpoints: { type: 'string' },
      'public-key': { type: 'string' },
      'read-models': { type: 'boolean' },
    },
    valueNames: { checkpoints: '<dir>', 'public-key': '<file>' },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`verify takes no arguments, got: ${positionals.join(' ')}`);
  if (values['public-key'] && !values.checkpoints) throw new UsageError('--public-key goes with --checkpoints <dir>');
  if (values.checkpoints && !existsSync(values.checkpoints))
    throw new UsageError(`No checkpoint directory at ${values.checkpoints}`);
  const checkpoints = values.checkpoints
    ? { dir: values.checkpoints, publicKey: publicKeyFor(values['public-key']) }
    : undefined;
  return withReadDatabase(async (readDatabase, { store, storedEvents, description }) => {
    // A broken document is named for the person who must find it: its event read through the
    // store that opens sealed words, with the configured key (or the words a redaction left).
    const nameOf = async (document: NamedDocument): Promise<string> => {
      if (document.fileName !== SEALED_NAME) return document.fileName;
      try {
        const [event] = await store.readStream(document.streamId, { fromRevision: document.revision, maxCount: 1 });
        const name = (event?.data as EvidenceAttached['data'] | undefined)?.document?.fileName;
        return typeof name === 'string' ? name : SEALED_NAME;
      } catch {
        return SEALED_NAME; // no key here to open it: the hash names it
      }
    };
    err.write(`Verifying ${description}\n`);
    const showProgress = (err as { isTTY?: boolean }).isTTY === true;
    const named: NamedDocument[] = [];
    const report = await verifyEventStore(
      storedEvents,
      (streams, events) => {
        if (showProgress && streams % 100 === 0) err.write(`\r  ${streams} streams, ${events} events checked`);
      },
      (event) => {
        const document = documentOf(event);
        if (document) named.push(document);
      },
    );
    if (showProgress) err.write('\n');
    let failed = false;
    if (!report.firstBroken) {
      out.write(`OK: all ${report.events} events in ${report.streams} streams hold.\n`);
    } else {
      failed = true;
      const broken = report.firstBroken;
      out.write(
        `BROKEN: stream ${broken.streamId}, revision ${broken.revision} (event ${broken.eventId}, position ${broken.position}): ${broken.problem}\n`,
      );
    }
    if (await checkChain(storedEvents, checkpoints, out)) failed = true;
    if (storedEvents.verifyCommands) {
      const commands = await storedEvents.verifyCommands();
      for (const problem of commands.problems) out.write(`COMMAND BROKEN: ${problem}.\n`);
      if (commands.problems.length > 0) failed = true;
      else out.write(`OK: all ${commands.commands} commands recorded match their events.\n`);
    }
    // Each document once, however many events name it; each event naming a damaged one is reported.
    const documents = new DocumentStore(readDatabase);
    const checked = new Map<string, string | null>();
    for (const document of named) {
      if (!checked.has(document.sha256))
        checked.set(document.sha256, await documents.check(document.sha256, { size: document.size }));
      const problem = checked.get(document.sha256) ?? null;
      if (problem) {
        failed = true;
        out.write(
          `DOCUMENT BROKEN: "${await nameOf(document)}" (SHA-256 ${document.sha256}), named by stream ${document.streamId} revision ${document.revision}, ${problem}\n`,
        );
      }
    }
    const damaged = [...checked.values()].filter((problem) => problem !== null).length;
    if (checked.size > 0 && damaged === 0) out.write(`OK: all ${checked.size} evidence documents hold.\n`);
    if (values['read-models']) {
      err.write('Rebuilding the read models aside to compare them with the live ones\n');
      const comparisons = await compareWithRebuild(store, readDatabase, allProjections);
      if (reportReadModels(comparisons, out)) failed = true;
    }
    return failed ? EXIT.failed : EXIT.ok;
  });
}
