import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ColumnOptions, ImportResult, ImportStage, UnmappedColumn } from '#importer';

/** How long an upload waits for its Confirm or Cancel: a preview read over coffee, not overnight. */
export const KEPT_UPLOAD_MS = 60 * 60_000;
/** Uploads kept at once (20 MB each at most: 400 MB of disk at worst); the oldest goes first. */
export const MAX_KEPT_UPLOADS = 20;

/** Where the dry run of an upload has got to, for the progress page. */
export interface PreviewRun {
  stage: ImportStage | 'waiting';
  done: number;
  total: number;
  finished: boolean;
  result: ImportResult | null;
  /** Why it could not be previewed (a WorkbookError, or anything else thrown). */
  error: unknown;
}

/** A workbook uploaded in the browser, between its preview and its Confirm or Cancel. */
export interface KeptUpload {
  id: string;
  /** The SHA-256 of its bytes: the name of the kept file, checked again when it is read back. */
  sha256: string;
  fileName: string;
  size: number;
  /** Only the person who uploaded it previews, confirms or cancels it. */
  actorId: string;
  keptAt: number;
  /** What the person chose for the columns the importer could not map. */
  columns: ColumnOptions;
  /** The columns that needed a choice, as the first dry run found them (the layout's key is made of them). */
  unmapped: UnmappedColumn[];
  layoutKey: string | null;
  /** Recognised recommendations the person keeps apart (their matchIds): each recorded as one of its own. */
  refusedMatches: string[];
  preview: PreviewRun;
  /** Set once confirmed: a second Confirm lands on the same result, appending nothing. */
  confirmed: ImportResult | null;
}

/**
 * The uploads of the import page, kept on the server between the preview and the Confirm, so the
 * Confirm applies the bytes previewed and never trusts the browser to send them again: each in a
 * temporary folder of this process under the SHA-256 of its bytes (the same workbook uploaded
 * twice is one file), read back only if it still has that hash. Bounded in number and age, and
 * removed with the process: a restart costs an upload again, never a stale file.
 */
@Injectable()
export class KeptUploads implements OnModuleDestroy {
  readonly folder = mkdtempSync(join(tmpdir(), 'oversight-import-uploads-'));
  private readonly uploads = new Map<string, KeptUpload>();

  constructor(private readonly now: () => number = Date.now) {}

  async keep(fileName: string, bytes: Uint8Array, actorId: string): Promise<KeptUpload> {
    this.sweep();
    while (this.uploads.size >= MAX_KEPT_UPLOADS) await this.discard(this.uploads.keys().next().value!);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await writeFile(this.pathOf(sha256), bytes);
    const upload: KeptUpload = {
      id: randomBytes(16).toString('base64url'),
      sha256,
      fileName,
      size: bytes.byteLength,
      actorId,
      keptAt: this.now(),
      columns: {},
      unmapped: [],
      layoutKey: null,
      refusedMatches: [],
      preview: { stage: 'waiting', done: 0, total: 0, finished: false, result: null, error: null },
      confirmed: null,
    };
    this.uploads.set(upload.id, upload);
    return upload;
  }

  /** The person's upload with this id, while it is kept. */
  find(id: string, actorId: string): KeptUpload | null {
    this.sweep();
    const upload = this.uploads.get(id);
    return upload && upload.actorId === actorId ? upload : null;
  }

  /** The bytes as uploaded; null when they are gone or no longer have their hash. */
  async bytesOf(upload: KeptUpload): Promise<Buffer | null> {
    const bytes = await readFile(this.pathOf(upload.sha256)).catch(() => null);
    if (bytes === null) return null;
    return createHash('sha256').update(bytes).digest('hex') === upload.sha256 ? bytes : null;
  }

  /** Confirmed: the bytes go, the record stays (until it expires) to answer a second Confirm. */
  async confirmed(upload: KeptUpload, result: ImportResult): Promise<void> {
    upload.confirmed = result;
    await this.removeFileUnlessShared(upload);
  }

  /** Cancelled or expired: nothing of it is kept. */
  async discard(id: string): Promise<void> {
    const upload = this.uploads.get(id);
    if (!upload) return;
    this.uploads.delete(id);
    await this.removeFileUnlessShared(upload);
  }

  onModuleDestroy(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }

  private sweep(): void {
    const now = this.now();
    for (const upload of [...this.uploads.values()])
      if (now - upload.keptAt > KEPT_UPLOAD_MS && upload.preview.finished) void this.discard(upload.id);
  }

  private async removeFileUnlessShared(gone: KeptUpload): Promise<void> {
    const shared = [...this.uploads.values()].some(
      (upload) => upload !== gone && upload.sha256 === gone.sha256 && upload.confirmed === null,
    );
    if (!shared) await unlink(this.pathOf(gone.sha256)).catch(() => undefined);
  }

  private pathOf(sha256: string): string {
    return join(this.folder, `${sha256}.upload`);
  }
}
