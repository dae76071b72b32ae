import type pg from 'pg';
import type { ChainLink, EventChain } from '../chain/chain-link.js';

interface LinkRow {
  position: string;
  stream_id: string;
  revision: string;
  event_hash: string;
  previous_link_hash: string | null;
  link_hash: string;
}

const LINK_COLUMNS = 'position, stream_id, revision, event_hash, previous_link_hash, link_hash';

const toLink = (row: LinkRow): ChainLink => ({
  position: Number(row.position),
  streamId: row.stream_id,
  revision: Number(row.revision),
  eventHash: row.event_hash,
  previousLinkHash: row.previous_link_hash,
  linkHash: row.link_hash,
});

/** The global chain in `oversight_chain` (migration 005), extended by `oversight_seal`. */
export class PostgresChain implements EventChain {
  constructor(private readonly pool: pg.Pool) {}

  async head(): Promise<ChainLink | null> {
    const result = await this.pool.query<LinkRow>(
      `SELECT ${LINK_COLUMNS} FROM oversight_chain ORDER BY position DESC LIMIT 1`,
    );
    return result.rows[0] ? toLink(result.rows[0]) : null;
  }

  async readLinks(options: { after: number; maxCount: number }): Promise<ChainLink[]> {
    const result = await this.pool.query<LinkRow>(
      `SELECT ${LINK_COLUMNS} FROM oversight_chain WHERE position > $1 ORDER BY position LIMIT $2`,
      [options.after, options.maxCount],
    );
    return result.rows.map(toLink);
  }

  async seal(links: ChainLink[], after: ChainLink | null): Promise<boolean> {
    if (links.length === 0) return true;
    const rows = links.map((link) => ({
      position: link.position,
      stream_id: link.streamId,
      revision: link.revision,
      event_hash: link.eventHash,
      previous_link_hash: link.previousLinkHash,
      link_hash: link.linkHash,
    }));
    const result = await this.pool.query<{ sealed: boolean }>('SELECT oversight_seal($1, $2, $3) AS sealed', [
      JSON.stringify(rows),
      after?.position ?? 0,
      after?.linkHash ?? null,
    ]);
    return result.rows[0]?.sealed === true;
  }
}
