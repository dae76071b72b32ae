import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ImportResult } from '#importer';
import { KEPT_UPLOAD_MS, KeptUploads, MAX_KEPT_UPLOADS } from './kept-uploads.js';
import { layoutKeyOf } from './remembered-columns.js';

const bytes = (text: string) => Buffer.from(text);
const finished = { stage: 'loading' as const, done: 1, total: 1, finished: true, result: null, error: null };

describe('the uploads kept between an import preview and its Confirm', () => {
  let now = Date.parse('2026-12-04T10:00:00Z');
  const made: KeptUploads[] = [];
  const kept = () => {
    const uploads = new KeptUploads(() => now);
    made.push(uploads);
    return uploads;
  };
  afterEach(() => made.splice(0).forEach((uploads) => uploads.onModuleDestroy()));

  it('gives back the bytes uploaded, to the person who uploaded them only; the same bytes twice are one file', async () => {
    const uploads = kept();
    const first = await uploads.keep('plan.xlsx', bytes('workbook'), 'manager-1');
    const second = await uploads.keep('copy.xlsx', bytes('workbook'), 'manager-1');
    expect(first.id).not.toBe(second.id);
    expect(readdirSync(uploads.folder)).toHaveLength(1);
    expect(uploads.find(first.id, 'manager-2')).toBeNull();
    expect((await uploads.bytesOf(uploads.find(first.id, 'manager-1')!))?.toString()).toBe('workbook');
  });

  it('refuses bytes that no longer have their hash, rather than import what was not previewed', async () => {
    const uploads = kept();
    const upload = await uploads.keep('plan.xlsx', bytes('workbook'), 'manager-1');
    writeFileSync(join(uploads.folder, readdirSync(uploads.folder)[0]!), 'tampered');
    expect(await uploads.bytesOf(upload)).toBeNull();
  });

  it('discards a cancelled upload, keeping a file another upload still shares; a confirmed one keeps its record only', async () => {
    const uploads = kept();
    const a = await uploads.keep('a.xlsx', bytes('same'), 'manager-1');
    const b = await uploads.keep('b.xlsx', bytes('same'), 'manager-1');
    await uploads.discard(a.id);
    expect(uploads.find(a.id, 'manager-1')).toBeNull();
    expect(await uploads.bytesOf(b)).not.toBeNull();
    await uploads.confirmed(b, { outcome: 'appended' } as ImportResult);
    expect(uploads.find(b.id, 'manager-1')?.confirmed?.outcome).toBe('appended');
    expect(readdirSync(uploads.folder)).toEqual([]);
  });

  it('forgets an upload an hour after it was kept, and keeps at most twenty', async () => {
    const uploads = kept();
    const old = await uploads.keep('old.xlsx', bytes('old'), 'manager-1');
    old.preview = finished;
    now += KEPT_UPLOAD_MS + 1;
    expect(uploads.find(old.id, 'manager-1')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(join(uploads.folder, `${old.sha256}.upload`))).toBe(false);

    const many = [];
    for (let n = 0; n <= MAX_KEPT_UPLOADS; n++)
      many.push(await uploads.keep(`${n}.xlsx`, bytes(`plan ${n}`), 'manager-1'));
    expect(uploads.find(many[0]!.id, 'manager-1')).toBeNull();
    expect(uploads.find(many.at(-1)!.id, 'manager-1')).not.toBeNull();
    expect(readdirSync(uploads.folder)).toHaveLength(MAX_KEPT_UPLOADS);
  });
});

describe('the key of a layout whose columns were chosen', () => {
  const column = (header: string, sheet = 'SDP 2024-25') => ({
    sheet,
    row: 5,
    column: 'I',
    header,
    candidates: [],
    firstValueAt: 'I6',
  });

  it('is the same for the same unknown headers, whatever their case, punctuation, order or sheet', () => {
    expect(layoutKeyOf([column('Notes for the board'), column('Finance')])).toBe(
      layoutKeyOf([column('finance', 'SDP 2025-26'), column('Notes for the Board:')]),
    );
    expect(layoutKeyOf([column('Notes for the board')])).not.toBe(layoutKeyOf([column('Notes for finance')]));
  });
});
