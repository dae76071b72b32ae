/**
 * Runs `work` over `items`, at most `limit` at a time, starting them in order. Shared by the
 * libraries above the store for I/O they spread over connections: the importer reading the
 * streams a workbook touches, the rebuild building indexes.
 */
export async function inBatches<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
