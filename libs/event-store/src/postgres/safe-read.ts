/**
 * The out-of-order commit problem: positions are taken before commit, so position 11 can become
 * visible while position 10 is still in flight. A reader that handed out 11 and moved its
 * checkpoint past 10 would never see 10. Marten waits on a high-water mark; Emmett filters on
 * pg_snapshot_xmin. Here positions are handed out in transaction-id order (see
 * oversight_reserve_positions), which lets a reader decide each gap exactly:
 * the positions between two visible events at p (transaction a) and q (transaction b) were taken
 * by transactions whose ids lie strictly between a and b. If none of the reading snapshot's
 * in-progress transactions lies there, the gap was rolled back and will never fill; otherwise
 * the reader stops before q and tries again later. An unrelated long transaction holds a reader
 * back only if it began inside such a window.
 */
export interface ReadRow {
  position: string;
  transaction_id: string;
}

/** In-progress transaction ids of a `pg_current_snapshot()::text` value (`xmin:xmax:xip,...`). */
export function inProgressTransactions(snapshot: string): bigint[] {
  const [, , list] = snapshot.split(':');
  return list
    ? list
        .split(',')
        .filter(Boolean)
        .map((id) => BigInt(id))
    : [];
}

/**
 * The longest prefix of `rows` (ordered by position, all after `after`) that no later commit can
 * precede. `anchorTransaction` is the transaction id of the event at `after` (0n when unknown).
 */
export function safeReadablePrefix<R extends ReadRow>(
  after: number,
  anchorTransaction: bigint,
  rows: R[],
  snapshot: string,
): R[] {
  if (rows.length === 0) return rows;
  const inProgress = inProgressTransactions(snapshot);
  let lastPosition = after;
  // As text until a gap needs it: most pages have no gap, and a rebuild reads a million rows.
  let lastTransaction: bigint | string = anchorTransaction;
  let count = 0;
  for (const row of rows) {
    const position = Number(row.position);
    if (position !== lastPosition + 1 && inProgress.length > 0) {
      const low = BigInt(lastTransaction);
      const high = BigInt(row.transaction_id);
      if (inProgress.some((id) => id > low && id < high)) break;
    }
    lastPosition = position;
    lastTransaction = row.transaction_id;
    count += 1;
  }
  return rows.slice(0, count);
}
