import { verifyEventStore } from '#event-store';
import { EXIT, withEventStore } from '../cli-context.js';

export const verifyUsage = `oversight verify
  Walks every stream and recomputes its hash chain. Exit code 0 when every event holds,
  1 naming the first event that does not (edited, removed or reordered).`;

export async function verifyCommand(out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  return withEventStore(async ({ store, description }) => {
    err.write(`Verifying ${description}\n`);
    const showProgress = (err as { isTTY?: boolean }).isTTY === true;
    const report = await verifyEventStore(store, (streams, events) => {
      if (showProgress && streams % 100 === 0) err.write(`\r  ${streams} streams, ${events} events checked`);
    });
    if (showProgress) err.write('\n');
    if (!report.firstBroken) {
      out.write(`OK: all ${report.events} events in ${report.streams} streams hold.\n`);
      return EXIT.ok;
    }
    const broken = report.firstBroken;
    out.write(
      `BROKEN: stream ${broken.streamId}, revision ${broken.revision} (event ${broken.eventId}, position ${broken.position}): ${broken.problem}\n`,
    );
    return EXIT.failed;
  });
}
