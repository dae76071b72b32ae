import type { ProjectionTarget } from '../projections/projection.js';
import type { ActionRow } from './action-row.js';

/** A snapshot every this many events of an action: a replay after one reads about this many. */
export const SNAPSHOT_EVERY = 20;

interface Snapshot {
  action_id: string;
  effective_at: string;
  revision: number;
  max_recorded_at: string;
  row: ActionRow;
}

/**
 * Keeps rm_action_snapshots for one batch: every SNAPSHOT_EVERY events, the action's row as it
 * then stands, at the latest effective time its events reached. It holds exactly the events up to
 * its revision, each effective at or before that time, so "as of" any date from that time on
 * starts from it and folds the later revisions inside the cut — those entered late too: each
 * value is the one latest in effect, and comments and evidence are sets, so the order in which
 * they are folded in does not matter. Snapshots are never changed once written.
 */
export class ActionSnapshots {
  private readonly taken: Snapshot[] = [];

  /** After one more event of the action, `row` being the result. */
  after(row: ActionRow, recordedAt: Date): void {
    if (row.revision % SNAPSHOT_EVERY !== SNAPSHOT_EVERY - 1) return;
    this.taken.push({
      action_id: row.action_id,
      effective_at: row.last_moved_at,
      revision: row.revision,
      max_recorded_at: recordedAt.toISOString(),
      row,
    });
  }

  async write(target: ProjectionTarget): Promise<void> {
    await target.putRows('rm_action_snapshots', this.taken, { keep: null });
  }
}
