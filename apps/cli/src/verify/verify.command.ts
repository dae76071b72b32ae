import type { EvidenceAttached } from '#domain';
import { verifyEventStore, type RecordedEvent } from '#event-store';
import { DocumentStore } from '#read-store';
import { EXIT, withReadDatabase } from '../cli-context.js';

export const verifyUsage = `oversight verify
  Walks every stream and recomputes its hash chain, then checks every evidence document the
  events name against the document store (there, and its bytes matching its SHA-256). Exit code 0
  when all hold, 1 naming the first event that does not (edited, removed or reordered) and each
  document missing or altered. It reads the events as stored: personal data sealed, no key needed.`;

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
  // Verify reads the events as stored, needing no key: a sealed file name is named by its hash alone.
  const fileName = typeof document.fileName === 'string' ? document.fileName : '(name sealed)';
  return { ...document, fileName, streamId: event.streamId, revision: event.revision };
}

export async function verifyCommand(out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  return withReadDatabase(async (readDatabase, { storedEvents, description }) => {
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
          `DOCUMENT BROKEN: "${document.fileName}" (SHA-256 ${document.sha256}), named by stream ${document.streamId} revision ${document.revision}, ${problem}\n`,
        );
      }
    }
    const damaged = [...checked.values()].filter((problem) => problem !== null).length;
    if (checked.size > 0 && damaged === 0) out.write(`OK: all ${checked.size} evidence documents hold.\n`);
    return failed ? EXIT.failed : EXIT.ok;
  });
}
