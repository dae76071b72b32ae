import type { DataSource } from 'typeorm';

export type SignInOutcome = 'signed-in' | 'refused' | 'signed-out';

export interface SignInRecord {
  at: string;
  outcome: SignInOutcome;
  keyId: string | null;
  holder: string | null;
  role: string | null;
  address: string;
  userAgent: string | null;
}

/**
 * Sign-ins to the web interface, and refusals, as an admin reads them. Never the key presented: a
 * refused attempt names only where it came from. Text from the browser is cut to a bounded length.
 */
export class SignIns {
  constructor(private readonly db: DataSource) {}

  async record(entry: Omit<SignInRecord, 'at'>): Promise<void> {
    await this.db.query(
      'INSERT INTO web_sign_ins (outcome, key_id, holder, role, address, user_agent) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        entry.outcome,
        entry.keyId,
        entry.holder,
        entry.role,
        entry.address.slice(0, 100),
        entry.userAgent?.slice(0, 300) ?? null,
      ],
    );
  }

  /** The latest first, at most `limit`. */
  async latest(limit = 200): Promise<SignInRecord[]> {
    const rows: {
      at: Date;
      outcome: SignInOutcome;
      key_id: string | null;
      holder: string | null;
      role: string | null;
      address: string;
      user_agent: string | null;
    }[] = await this.db.query(
      'SELECT at, outcome, key_id, holder, role, address, user_agent FROM web_sign_ins ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map((row) => ({
      at: row.at.toISOString(),
      outcome: row.outcome,
      keyId: row.key_id,
      holder: row.holder,
      role: row.role,
      address: row.address,
      userAgent: row.user_agent,
    }));
  }
}
