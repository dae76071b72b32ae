import type { DataSource } from 'typeorm';
import { auditLog, evidenceTimeline } from './audit-log/audit-log.reader.js';
import { evidenceDocument } from './audit-log/evidence-document.reader.js';
import { recommendationHistory } from './audit-log/recommendation-history.reader.js';
import { dueDateMoves, positionAt } from './audit-log/report-facts.reader.js';
import { accountability } from './current-state/accountability.reader.js';
import { actionDetails } from './current-state/action-details.reader.js';
import { actionNames } from './current-state/action-names.reader.js';
import { isKnown } from './current-state/known.reader.js';
import { planChangesReport } from './current-state/plan-changes.reader.js';
import { planForExport } from './current-state/plan-export.reader.js';
import { planList } from './current-state/plan-list.reader.js';
import { actionState, planState } from './current-state/plan-state.reader.js';
import { recommendationChoices } from './current-state/recommendation-choices.reader.js';

/** A reader with its database given: what a caller passes is only what it asks. */
type Bound<Reader> = Reader extends (db: DataSource, ...args: infer Args) => infer Answer
  ? (...args: Args) => Answer
  : never;

/**
 * What the API's queries ask of the read models: every reader of this library, bound to the read
 * database. Query handlers depend on this (the class is the injection token), not on the
 * database, so how the read side is stored stays this library's business.
 */
export abstract class ReadModels {
  abstract readonly planList: Bound<typeof planList>;
  abstract readonly planState: Bound<typeof planState>;
  abstract readonly actionState: Bound<typeof actionState>;
  abstract readonly actionDetails: Bound<typeof actionDetails>;
  abstract readonly actionNames: Bound<typeof actionNames>;
  abstract readonly planChangesReport: Bound<typeof planChangesReport>;
  abstract readonly planForExport: Bound<typeof planForExport>;
  abstract readonly accountability: Bound<typeof accountability>;
  abstract readonly recommendationHistory: Bound<typeof recommendationHistory>;
  abstract readonly auditLog: Bound<typeof auditLog>;
  abstract readonly evidenceTimeline: Bound<typeof evidenceTimeline>;
  abstract readonly isKnown: Bound<typeof isKnown>;
  abstract readonly recommendationChoices: Bound<typeof recommendationChoices>;
  abstract readonly evidenceDocument: Bound<typeof evidenceDocument>;
  abstract readonly positionAt: Bound<typeof positionAt>;
  abstract readonly dueDateMoves: Bound<typeof dueDateMoves>;
}

/** The read models in PostgreSQL (a server's or the embedded one), through the one DataSource. */
export class SqlReadModels extends ReadModels {
  constructor(private readonly db: DataSource) {
    super();
  }

  readonly planList: Bound<typeof planList> = (...args) => planList(this.db, ...args);
  readonly planState: Bound<typeof planState> = (...args) => planState(this.db, ...args);
  readonly actionState: Bound<typeof actionState> = (...args) => actionState(this.db, ...args);
  readonly actionDetails: Bound<typeof actionDetails> = (...args) => actionDetails(this.db, ...args);
  readonly actionNames: Bound<typeof actionNames> = (...args) => actionNames(this.db, ...args);
  readonly planChangesReport: Bound<typeof planChangesReport> = (...args) => planChangesReport(this.db, ...args);
  readonly planForExport: Bound<typeof planForExport> = (...args) => planForExport(this.db, ...args);
  readonly accountability: Bound<typeof accountability> = (...args) => accountability(this.db, ...args);
  readonly recommendationHistory: Bound<typeof recommendationHistory> = (...args) =>
    recommendationHistory(this.db, ...args);
  readonly auditLog: Bound<typeof auditLog> = (...args) => auditLog(this.db, ...args);
  readonly evidenceTimeline: Bound<typeof evidenceTimeline> = (...args) => evidenceTimeline(this.db, ...args);
  readonly isKnown: Bound<typeof isKnown> = (...args) => isKnown(this.db, ...args);
  readonly recommendationChoices: Bound<typeof recommendationChoices> = (...args) =>
    recommendationChoices(this.db, ...args);
  readonly evidenceDocument: Bound<typeof evidenceDocument> = (...args) => evidenceDocument(this.db, ...args);
  readonly positionAt: Bound<typeof positionAt> = (...args) => positionAt(this.db, ...args);
  readonly dueDateMoves: Bound<typeof dueDateMoves> = (...args) => dueDateMoves(this.db, ...args);
}
