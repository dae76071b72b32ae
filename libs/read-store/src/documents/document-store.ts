import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { EVIDENCE_DOCUMENT_TYPES, MAX_EVIDENCE_DOCUMENT_BYTES, type EvidenceDocumentType } from '#domain';
import { MediaTypeSniffer } from './media-type-sniffer.js';

/** The size of a stored chunk: small enough that an upload or a download holds little, large enough to be few rows. */
export const DOCUMENT_CHUNK_BYTES = 256 * 1024;

export const ALLOWED_DOCUMENT_TYPES_WORDS = Object.values(EVIDENCE_DOCUMENT_TYPES).join(', ');

export class DocumentTooLargeError extends Error {
  override readonly name = 'DocumentTooLargeError';
  constructor(readonly limit: number) {
    super(`The document is over ${limit / (1024 * 1024)} MB`);
  }
}

export class UnsupportedDocumentTypeError extends Error {
  override readonly name = 'UnsupportedDocumentTypeError';
  constructor() {
    super(`The document is not one of the kinds kept: ${ALLOWED_DOCUMENT_TYPES_WORDS}`);
  }
}

/** A document an event names whose stored bytes are gone or no longer match its hash. */
export class DocumentDamagedError extends Error {
  override readonly name = 'DocumentDamagedError';
  constructor(
    readonly sha256: string,
    readonly problem: string,
  ) {
    super(`The stored document ${sha256} ${problem}`);
  }
}

export interface StoredDocument {
  sha256: string;
  size: number;
  mediaType: EvidenceDocumentType;
}

/** What checking a stored document found: null when its bytes are all there and match its hash. */
export type DocumentProblem = string | null;

interface DocumentRow {
  content_id: string;
  size: string;
  media_type: string;
  chunks: number;
}

/**
 * Evidence documents in the read database, kept by the SHA-256 of their bytes, written once.
 * An upload streams into one transaction (chunks written as they arrive, hashed on the way),
 * so one cut short leaves nothing; a document already kept is not written again.
 * Every read checks the bytes against the hash before the first byte goes out.
 */
export class DocumentStore {
  constructor(private readonly database: DataSource) {}

  /**
   * Opens the transaction an upload is written in. On the embedded store it holds the one
   * connection until committed or aborted: nothing else may be awaited on the database meanwhile.
   */
  async beginUpload(maxBytes = MAX_EVIDENCE_DOCUMENT_BYTES): Promise<DocumentUpload> {
    const runner = this.database.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ id }] = (await runner.query(`SELECT nextval('oversight_document_content_ids')::text AS id`)) as [
        { id: string },
      ];
      return new DocumentUpload(runner, id, maxBytes);
    } catch (error) {
      await runner.release();
      throw error;
    }
  }

  /** What is wrong with the stored document, or null when its bytes are all there and match. */
  async check(sha256: string, expected?: { size?: number }): Promise<DocumentProblem> {
    const row = await this.row(sha256);
    if (!row) return 'is missing from the document store';
    const hash = createHash('sha256');
    let size = 0;
    for (let seq = 0; seq < row.chunks; seq += 1) {
      const bytes = await this.chunk(row.content_id, seq);
      if (!bytes) return `has lost part of its bytes (chunk ${seq + 1} of ${row.chunks})`;
      hash.update(bytes);
      size += bytes.length;
    }
    const actual = hash.digest('hex');
    if (actual !== sha256 || size !== Number(row.size))
      return `no longer matches its SHA-256: its bytes hash to ${actual} (${size} bytes)`;
    if (expected?.size !== undefined && expected.size !== size)
      return `is ${size} bytes where the event records ${expected.size}`;
    return null;
  }

  /**
   * The document's bytes, checked first (a damaged one throws DocumentDamagedError before any
   * byte is given), then read a chunk per query, so a slow download holds no connection, and
   * hashed again on the way: bytes changed in between end the stream with an error.
   */
  async open(sha256: string): Promise<StoredDocument & { chunks: AsyncIterable<Buffer> }> {
    const problem = await this.check(sha256);
    if (problem) throw new DocumentDamagedError(sha256, problem);
    const row = (await this.row(sha256))!;
    const chunkOf = (seq: number) => this.chunk(row.content_id, seq);
    async function* chunks(): AsyncGenerator<Buffer> {
      const hash = createHash('sha256');
      for (let seq = 0; seq < row.chunks; seq += 1) {
        const bytes = await chunkOf(seq);
        if (!bytes) throw new DocumentDamagedError(sha256, 'lost part of its bytes while being read');
        hash.update(bytes);
        if (seq === row.chunks - 1 && hash.digest('hex') !== sha256)
          throw new DocumentDamagedError(sha256, 'changed while being read');
        yield bytes;
      }
    }
    return { sha256, size: Number(row.size), mediaType: row.media_type as EvidenceDocumentType, chunks: chunks() };
  }

  private async row(sha256: string): Promise<DocumentRow | null> {
    const rows = (await this.database.query(
      'SELECT content_id::text, size::text, media_type, chunks FROM oversight_documents WHERE sha256 = $1',
      [sha256],
    )) as DocumentRow[];
    return rows[0] ?? null;
  }

  private async chunk(contentId: string, seq: number): Promise<Buffer | null> {
    const rows = (await this.database.query(
      'SELECT bytes FROM oversight_document_chunks WHERE content_id = $1 AND seq = $2',
      [contentId, seq],
    )) as { bytes: Buffer }[];
    return rows[0]?.bytes ?? null;
  }
}

/** One upload's open transaction: write the bytes as they come, then finish, then commit or abort. */
export class DocumentUpload {
  private readonly hash = createHash('sha256');
  private readonly sniffer = new MediaTypeSniffer();
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private size = 0;
  private seq = 0;
  private finished: StoredDocument | null = null;
  private open = true;

  constructor(
    private readonly runner: QueryRunner,
    private readonly contentId: string,
    private readonly maxBytes: number,
  ) {}

  /** Adds bytes; throws DocumentTooLargeError as soon as the upload passes the limit. */
  async write(bytes: Buffer): Promise<void> {
    this.size += bytes.length;
    if (this.size > this.maxBytes) throw new DocumentTooLargeError(this.maxBytes);
    this.hash.update(bytes);
    this.sniffer.push(bytes);
    this.pending.push(bytes);
    this.pendingLength += bytes.length;
    while (this.pendingLength >= DOCUMENT_CHUNK_BYTES) await this.flush(DOCUMENT_CHUNK_BYTES);
  }

  /** The document's hash, size and type, from its bytes; throws UnsupportedDocumentTypeError for another kind. */
  async finish(): Promise<StoredDocument> {
    if (this.finished) return this.finished;
    if (this.pendingLength > 0) await this.flush(this.pendingLength);
    const mediaType = this.sniffer.type();
    if (this.size === 0 || !mediaType) throw new UnsupportedDocumentTypeError();
    this.finished = { sha256: this.hash.digest('hex'), size: this.size, mediaType };
    return this.finished;
  }

  /** Keeps the document; one already kept is not written again (this upload's bytes are rolled back). */
  async commit(): Promise<StoredDocument & { alreadyKept: boolean }> {
    const document = await this.finish();
    const inserted = (await this.runner.query(
      `INSERT INTO oversight_documents (sha256, content_id, size, media_type, chunks)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING RETURNING sha256`,
      [document.sha256, this.contentId, document.size, document.mediaType, this.seq],
    )) as unknown[];
    if (inserted.length === 0) {
      await this.abort();
      return { ...document, alreadyKept: true };
    }
    await this.runner.commitTransaction();
    await this.end();
    return { ...document, alreadyKept: false };
  }

  /** Rolls back everything written: nothing of this upload is left. Safe to call more than once. */
  async abort(): Promise<void> {
    if (!this.open) return;
    try {
      await this.runner.rollbackTransaction();
    } finally {
      await this.end();
    }
  }

  private async end(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    await this.runner.release();
  }

  private async flush(length: number): Promise<void> {
    const all = Buffer.concat(this.pending, this.pendingLength);
    const bytes = all.subarray(0, length);
    const rest = all.subarray(length);
    this.pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.pendingLength = rest.length;
    await this.runner.query('INSERT INTO oversight_document_chunks (content_id, seq, bytes) VALUES ($1, $2, $3)', [
      this.contentId,
      this.seq,
      bytes,
    ]);
    this.seq += 1;
  }
}
