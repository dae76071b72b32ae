import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { Request } from 'express';

/** Whether a log's reader asked for CSV: `format=csv`, or no format and an Accept preferring text/csv. */
export const wantsCsv = (format: string | undefined, http: Request): boolean =>
  format === 'csv' || (format === undefined && http.accepts(['application/json', 'text/csv']) === 'text/csv');

/** Entries read a page while writing a whole log as CSV. */
const CSV_PAGE = 1000;

/**
 * A keyset-paged log as a CSV download, streamed a page at a time, so a log of millions of
 * entries never sits whole in memory. `page` reads the entries after a cursor, `after` the first.
 */
export function pagedCsvDownload<Entry>(
  fileName: string,
  header: string,
  line: (entry: Entry) => string,
  page: (after: number | undefined, limit: number) => Promise<{ entries: Entry[]; nextAfter: number | null }>,
  after: number | undefined,
): StreamableFile {
  async function* lines(): AsyncGenerator<string> {
    yield header;
    let cursor = after;
    for (;;) {
      const read = await page(cursor, CSV_PAGE);
      yield read.entries.map(line).join('');
      if (read.nextAfter === null) return;
      cursor = read.nextAfter;
    }
  }
  return new StreamableFile(Readable.from(lines()), {
    type: 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${fileName}"`,
  });
}
