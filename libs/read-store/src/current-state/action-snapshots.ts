import { rowsParam, type Sql } from '../projections/projection.js';
import { nextActionRow, withIsoTimes, type ActionChange, type ActionRow } from './action-row.js';

/** A snapshot every this many events of an action: a replay after one reads at most about this many. */
export const SNAPSHOT_EVERY = 20;

interface Snapshot {
  action_id: string;
  effective_at: string;
  revision: number;
  max_recorded_at: string;
  row: ActionRow;
}

interface LateChange {
  actionId: string;
  change: ActionChange;
  recordedAt: string;
}

/**
 * Keeps rm_action_snapshots for one batch. The snapshot at effective time T is the action's row
 * folded from every event effective at or before T, so "as of" any date from T on starts from it
 * and replays only the events after T. One is taken every SNAPSHOT_EVERY events, at the latest
 * effective time seen (the row then holds exactly the events up to it). An event entered late,
 * effective at or before a snapshot's T, is folded into that snapshot: each value is the one
 * latest in effect and comments and evidence are sets, so folding it in afterwards gives what
 * folding it in its place would have.
 */
export class ActionSnapshots {
  private readonly taken: Snapshot[] = [];
  private readonly late: LateChange[] = [];

  /** After one more event of the action, `row` being the result. */
  after(previous: ActionRow | undefined, row: ActionRow, change: ActionChange, recordedAt: string): void {
    if (previous !== undefined && Date.parse(change.effectiveAt) <= Date.parse(previous.last_moved_at)) {
      this.late.push({ actionId: row.action_id, change, recordedAt });
    }
    if (row.revision % SNAPSHOT_EVERY === SNAPSHOT_EVERY - 1) {
      this.taken.push({ action_id: row.action_id, effective_at: row.last_moved_at, revision: row.revision, max_recorded_at: recordedAt, row });
    }
  }

  async write(sql: Sql, table: string): Promise<void> {
    if (this.taken.length > 0) await upsert(sql, table, this.taken);
    // In recorded order, each into the snapshots it belongs in that were taken before it.
    for (const { actionId, change, recordedAt } of this.late) {
      const stale = await sql<Snapshot>(`SELECT * FROM ${table} WHERE action_id = $1 AND effective_at >= $2 AND revision < $3`, [actionId, change.effectiveAt, change.revision]);
      if (stale.length === 0) continue;
      const mended = stale.map((snapshot) => ({
        ...snapshot,
        effective_at: new Date(snapshot.effective_at).toISOString(),
        revision: change.revision,
        max_recorded_at: recordedAt,
        row: nextActionRow(withIsoTimes(snapshot.row), change)!,
      }));
      await upsert(sql, table, mended);
    }
  }
}

/** One snapshot per action and effective time: of two, the later recorded holds more. */
async function upsert(sql: Sql, table: string, snapshots: Snapshot[]): Promise<void> {
  // One statement may not upsert a key twice: of a batch's snapshots at one time, keep the latest.
  const latest = new Map<string, Snapshot>();
  for (const snapshot of snapshots) {
    const key = `${snapshot.action_id} ${Date.parse(snapshot.effective_at)}`;
    if ((latest.get(key)?.revision ?? -1) < snapshot.revision) latest.set(key, snapshot);
  }
  await sql(
    `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (action_id, effective_at) DO UPDATE SET revision = EXCLUDED.revision, max_recorded_at = EXCLUDED.max_recorded_at, row = EXCLUDED.row
       WHERE ${table}.revision < EXCLUDED.revision`,
    [rowsParam([...latest.values()])],
  );
}
