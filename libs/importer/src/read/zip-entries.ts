import { inflateRawSync } from 'node:zlib';
import { WorkbookError } from '../workbook-error.js';

/**
 * What an .xlsx may unpack to. A plan's parts are a few MB at most (its biggest, a sheet of
 * 10,000 rows, about 10 MB); the caps stop a small zip that unpacks to gigabytes (a "zip bomb")
 * before anything is inflated, from the sizes its central directory declares.
 */
export const ZIP_LIMITS = {
  /** The most one part (a sheet, the shared strings) may unpack to. */
  entryBytes: 50 * 1024 * 1024,
  /** The most all parts together may unpack to. */
  totalBytes: 100 * 1024 * 1024,
  /** A part over `ratioFromBytes` unpacked may be at most this many times its packed size (XML packs 5-30:1). */
  ratio: 100,
  ratioFromBytes: 1024 * 1024,
};

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

const mb = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${bytes.toLocaleString('en-GB')} bytes`
    : `${(bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`;

/**
 * The entries a zip's central directory lists, read from the bytes without inflating anything.
 * Throws CORRUPT when there is no readable directory (exceljs would fail on it too).
 */
export function zipEntries(bytes: Buffer, file: string): ZipEntry[] {
  const corrupt = (why: string) =>
    new WorkbookError('CORRUPT', file, `${file}: the workbook is damaged or incomplete and cannot be opened (${why})`);
  // The end-of-directory record is the last 22 bytes, or before a comment of up to 64 KB.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at -= 1) {
    if (bytes.readUInt32LE(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw corrupt('no zip directory');
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  if (offset === ZIP64_MARK || size === ZIP64_MARK || count === 0xffff)
    throw tooLarge(file, 'a zip64 archive (over 4 GB or 65,535 parts), far beyond any plan');
  if (offset + size > bytes.length) throw corrupt('the zip directory lies beyond the end of the file');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw corrupt('a broken zip directory');
    const nameLength = bytes.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    };
    if (entry.compressedSize === ZIP64_MARK || entry.uncompressedSize === ZIP64_MARK)
      throw tooLarge(file, `its part "${entry.name}" is a zip64 entry (4 GB or more)`);
    entries.push(entry);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

const tooLarge = (file: string, why: string): WorkbookError =>
  new WorkbookError(
    'TOO_LARGE',
    file,
    `${file}: too large or too complex to read: ${why}. A plan workbook unpacks to a few MB; save a copy with only the plan's sheets and import that`,
  );

/** Refuses (TOO_LARGE, naming the file and part) a zip whose directory declares more than the caps, or a part packed suspiciously tightly. */
export function checkDeclaredSizes(entries: ZipEntry[], file: string, limits = ZIP_LIMITS): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize > limits.entryBytes)
      throw tooLarge(
        file,
        `its part "${entry.name}" unpacks to ${mb(entry.uncompressedSize)}, over the ${mb(limits.entryBytes)} one part may`,
      );
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > limits.ratioFromBytes && ratio > limits.ratio)
      throw tooLarge(
        file,
        `its part "${entry.name}" unpacks to ${Math.round(ratio).toLocaleString('en-GB')} times its packed size (${mb(entry.uncompressedSize)}), more than the ${limits.ratio}:1 of any real workbook`,
      );
    total += entry.uncompressedSize;
    if (total > limits.totalBytes)
      throw tooLarge(file, `its parts unpack to more than ${mb(limits.totalBytes)} together`);
  }
}

/**
 * A part's bytes, inflated: never more than it declared (a directory can lie about sizes, and
 * the reader after this one trusts the data, not the directory), so no part grows past the caps.
 */
export function inflateEntry(bytes: Buffer, entry: ZipEntry, file: string): Buffer {
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL)
    throw new WorkbookError(
      'CORRUPT',
      file,
      `${file}: the workbook is damaged or incomplete and cannot be opened (the part "${entry.name}" is missing)`,
    );
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const packed = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    if (packed.length !== entry.uncompressedSize)
      throw new WorkbookError(
        'CORRUPT',
        file,
        `${file}: the workbook is damaged or incomplete and cannot be opened (the part "${entry.name}" is not the size its zip directory declares)`,
      );
    return packed;
  }
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (cause) {
    if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLarge(
        file,
        `its part "${entry.name}" unpacks to more than the ${mb(entry.uncompressedSize)} its zip directory declares`,
      );
    throw new WorkbookError(
      'CORRUPT',
      file,
      `${file}: the workbook is damaged or incomplete and cannot be opened (the part "${entry.name}": ${(cause as Error).message})`,
      null,
      { cause },
    );
  }
  if (inflated.length !== entry.uncompressedSize)
    throw new WorkbookError(
      'CORRUPT',
      file,
      `${file}: the workbook is damaged or incomplete and cannot be opened (the part "${entry.name}" is shorter than its zip directory declares)`,
    );
  return inflated;
}
