import type { DataSource } from 'typeorm';
import type { EventStore, RecordedEvent } from '#event-store';
import type { Projection, Sql } from './projection.js';
import { lockCheckpoint, saveCheckpoint, sqlOf } from './projector.js';

const PAGE_SIZE = 2_000;
/** Rounds of catching up with the live projector before giving up (each round is one read). */
const MAX_SWAP_ROUNDS = 100;

export interface RebuildProgress {
  projection: string;
  /** Position reached and the store's head when the rebuild began (positions, not event counts). */
  position: number;
  head: number;
  events: number;
}

export interface RebuildResult {
  projection: string;
  events: number;
  /** The checkpoint the rebuilt tables were swapped in at. */
  position: number;
}

/** The rebuild twin of a live table: built beside it, then renamed over it. */
const twinOf = (table: string) => `${table}_rebuild`;
const rebuildCheckpoint = (projection: Projection) => `${projection.name}:rebuild`;

/**
 * Rebuilds one projection from the whole event store without taking queries down: its tables are
 * built aside (`<table>_rebuild`, created LIKE the live ones), then caught up with the live
 * projector and swapped in by rename inside one transaction that holds the live checkpoint's row
 * lock — the lock the live projector takes first in every batch — so no batch falls between the
 * last event applied aside and the swap. Queries wait for the renames (milliseconds), never fail.
 *
 * Store reads happen outside any transaction of ours: on the embedded store there is one
 * connection, and a transaction waiting on a read through it would wait for ever.
 */
export async function rebuildProjection(store: EventStore, db: DataSource, projection: Projection, onProgress: (progress: RebuildProgress) => void = () => undefined): Promise<RebuildResult> {
  await db.transaction(async (manager) => {
    const sql = sqlOf(manager);
    for (const table of projection.tables) {
      await sql(`DROP TABLE IF EXISTS ${twinOf(table)}`);
      await sql(`CREATE TABLE ${twinOf(table)} (LIKE ${table} INCLUDING ALL)`);
    }
    await sql('DELETE FROM rm_checkpoints WHERE projection = $1', [rebuildCheckpoint(projection)]);
  });

  const head = await store.headPosition();
  let position = 0;
  let events = 0;
  const applyAside = async (batch: RecordedEvent[], sql: Sql) => {
    await projection.apply(batch, sql, twinOf);
    position = batch[batch.length - 1]!.position;
    events += batch.length;
    await saveCheckpoint(sql, rebuildCheckpoint(projection), position);
  };
  /** Reads and applies aside everything after `position`; true when it reached the end. */
  const catchUp = async (): Promise<void> => {
    for (;;) {
      const page = await store.readAll({ after: position, maxCount: PAGE_SIZE });
      if (page.events.length > 0) {
        await db.transaction(async (manager) => {
          const sql = sqlOf(manager);
          await lockCheckpoint(sql, rebuildCheckpoint(projection));
          await applyAside(page.events, sql);
        });
        onProgress({ projection: projection.name, position, head, events });
      }
      if (page.isEnd) return;
    }
  };

  await catchUp();
  for (let round = 0; round < MAX_SWAP_ROUNDS; round++) {
    const swapped = await db.transaction(async (manager) => {
      const sql = sqlOf(manager);
      const live = await lockCheckpoint(sql, projection.name);
      // The live projector got further while we read: let go of its lock, read on, try again.
      if (live > position) return false;
      for (const table of projection.tables) {
        await sql(`ALTER TABLE ${table} RENAME TO ${table}_replaced`);
        await sql(`ALTER TABLE ${twinOf(table)} RENAME TO ${table}`);
        await sql(`DROP TABLE ${table}_replaced`);
      }
      await saveCheckpoint(sql, projection.name, position);
      await sql('DELETE FROM rm_checkpoints WHERE projection = $1', [rebuildCheckpoint(projection)]);
      return true;
    });
    if (swapped) return { projection: projection.name, events, position };
    await catchUp();
  }
  throw new Error(`Rebuilding ${projection.name}: the live projector kept ahead for ${MAX_SWAP_ROUNDS} rounds; the live tables are untouched, try again`);
}
