import { ReadModels } from '../read-models.js';
import type { ChildDataAccessLog, ChildDataReading } from './access-log.js';
import type { ChildLevelWords } from './child-level-words.js';
import { findChildWords } from './withhold-child-words.js';

type Reader = (...args: never[]) => Promise<unknown>;

/**
 * The read models as one reader may see them: every reader's answer goes through
 * findChildWords. Who is reading is given with every read (`as(reading)`: the service gives the
 * request's actor, from the query it was asked); nobody (null) is read as a reader without the
 * permission. A reader with the `child-data` permission gets the answer as it is, and a row in the
 * access log naming the child-level records it showed; without it, the marker where their words
 * were, and no row. There is no way to the read models but through `as`, so a new endpoint cannot
 * read without naming its reader; and guarding the whole of ReadModels, rather than each query
 * handler, is what keeps a new reader from forgetting the rule.
 *
 * The reader is passed, not found from the request's async context: AsyncLocalStorage's promise
 * hooks, on Node 20, run on every promise of every request, writes included (bench/README.md).
 */
export class ChildDataReadModels {
  private readonly nobody: ReadModels;

  constructor(
    private readonly inner: ReadModels,
    private readonly words: ChildLevelWords,
    private readonly accessLog: ChildDataAccessLog,
  ) {
    this.nobody = new ReadModelsAsRead(inner, words, accessLog, null);
  }

  /** The read models as `reading` may see them (null: a reader without the permission). */
  as(reading: ChildDataReading | null): ReadModels {
    return reading === null ? this.nobody : new ReadModelsAsRead(this.inner, this.words, this.accessLog, reading);
  }
}

/** ReadModels with every reader guarded for one reader (ChildDataReadModels.as). */
class ReadModelsAsRead extends ReadModels {
  constructor(inner: ReadModels, words: ChildLevelWords, accessLog: ChildDataAccessLog, who: ChildDataReading | null) {
    super();
    const allowed = who !== null && who.childData;
    const guard =
      (read: Reader, whole: boolean): Reader =>
      async (...args) => {
        const answer = await read(...args);
        const set = await words.current();
        const found = findChildWords(answer, set, !allowed);
        if (allowed && found.records.length > 0) await accessLog.record(who, found.records);
        // A document is words too (a case file): withheld whole, as if the evidence kept none.
        if (whole && !allowed && found.records.length > 0) return null;
        return found.answer;
      };
    const self = this as unknown as Record<string, Reader>;
    const readers = inner as unknown as Record<string, Reader>;
    for (const name of READERS) self[name] = guard(readers[name]!, WITHHELD_WHOLE.has(name));
  }

  // Assigned in the constructor, each the inner reader guarded.
  declare readonly planList: ReadModels['planList'];
  declare readonly planState: ReadModels['planState'];
  declare readonly actionState: ReadModels['actionState'];
  declare readonly actionDetails: ReadModels['actionDetails'];
  declare readonly actionNames: ReadModels['actionNames'];
  declare readonly planChangesReport: ReadModels['planChangesReport'];
  declare readonly planForExport: ReadModels['planForExport'];
  declare readonly accountability: ReadModels['accountability'];
  declare readonly recommendationHistory: ReadModels['recommendationHistory'];
  declare readonly auditLog: ReadModels['auditLog'];
  declare readonly evidenceTimeline: ReadModels['evidenceTimeline'];
  declare readonly isKnown: ReadModels['isKnown'];
  declare readonly recommendationChoices: ReadModels['recommendationChoices'];
  declare readonly evidenceDocument: ReadModels['evidenceDocument'];
  declare readonly positionAt: ReadModels['positionAt'];
  declare readonly dueDateMoves: ReadModels['dueDateMoves'];
}

/** Every reader of ReadModels: the type check below fails when one is added to it and not here. */
const READERS = [
  'planList',
  'planState',
  'actionState',
  'actionDetails',
  'actionNames',
  'planChangesReport',
  'planForExport',
  'accountability',
  'recommendationHistory',
  'auditLog',
  'evidenceTimeline',
  'isKnown',
  'recommendationChoices',
  'evidenceDocument',
  'positionAt',
  'dueDateMoves',
] as const satisfies readonly (keyof ReadModels)[];

/** Readers whose answer, when it concerns a child-level record, is withheld whole (answered null). */
const WITHHELD_WHOLE: ReadonlySet<string> = new Set<(typeof READERS)[number]>(['evidenceDocument']);

type Missing = Exclude<keyof ReadModels, (typeof READERS)[number]>;
const _everyReaderGuarded: Missing extends never ? true : Missing = true;
void _everyReaderGuarded;
