import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { columnKey, type ColumnOptions, type UnmappedColumn } from '#importer';

/** Layouts remembered for each person at most; the least recently used goes first. */
const MAX_LAYOUTS = 200;

/**
 * A workbook layout's key: the SHA-256 of the headers the importer could not map (as recognition
 * reads them: case, punctuation and spacing aside), sorted. Next year's copy of the same plan has
 * the same unknown headers on a sheet of another name, so it finds the same choices.
 */
export function layoutKeyOf(columns: UnmappedColumn[]): string {
  const headers = [...new Set(columns.map((column) => columnKey(column.header)))].sort();
  return createHash('sha256').update(headers.join('\n')).digest('hex');
}

/**
 * What each person chose last for the columns of a layout, applied to their next import of it
 * (and shown in its preview, where it can be changed). Kept per person in this process's memory,
 * as the web sessions are: a choice is a convenience shown every time, never a record, so a
 * restart costs one choice again, and one manager's choice never silently changes how another's
 * workbook is read.
 */
@Injectable()
export class RememberedColumns {
  private readonly choices = new Map<string, ColumnOptions>();

  recall(actorId: string, layoutKey: string): ColumnOptions | null {
    const key = `${actorId}/${layoutKey}`;
    const options = this.choices.get(key);
    if (!options) return null;
    this.choices.delete(key);
    this.choices.set(key, options);
    return options;
  }

  remember(actorId: string, layoutKey: string, options: ColumnOptions): void {
    const key = `${actorId}/${layoutKey}`;
    this.choices.delete(key);
    this.choices.set(key, options);
    if (this.choices.size > MAX_LAYOUTS) this.choices.delete(this.choices.keys().next().value!);
  }
}
