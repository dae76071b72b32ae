import type { EvidenceDocumentType } from '#domain';

const PDF = Buffer.from('%PDF-', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The top-level streams of a Word 97-2003 and an Excel 97-2003 file, as named in the CFB directory (UTF-16LE). */
const WORD_STREAM = Buffer.from('WordDocument\0', 'utf16le');
const EXCEL_STREAMS = [Buffer.from('Workbook\0', 'utf16le'), Buffer.from('Book\0', 'utf16le')];
const LONGEST_NAME = Math.max(WORD_STREAM.length, ...EXCEL_STREAMS.map((name) => name.length));
/**
 * How much of a ZIP's end is kept to read its central directory: an Office file's is a few KB
 * (a part each); one that does not fit is not an Office file we can name, and is refused.
 */
const ZIP_TAIL_BYTES = 1024 * 1024;

const startsWith = (bytes: Buffer, magic: Buffer) =>
  bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);

/**
 * Names a document's media type from its bytes, as they stream past, never from what the upload
 * claims: the magic number of PDF, PNG and JPEG; for the Office formats the container (CFB for
 * .doc/.xls, ZIP for .docx/.xlsx) and what it holds. Holds at most the first bytes and, for a ZIP,
 * its last megabyte. `type()` is null for anything else.
 */
export class MediaTypeSniffer {
  private head = Buffer.alloc(0);
  private container: 'cfb' | 'zip' | null | undefined;
  private simple: EvidenceDocumentType | null = null;
  private cfbFound: EvidenceDocumentType | null = null;
  private carry = Buffer.alloc(0);
  private tail: Buffer[] = [];
  private tailLength = 0;
  private total = 0;

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.container === undefined) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, 16 - this.head.length)]);
      if (this.head.length >= 8) this.decideContainer();
    }
    if (this.container === 'cfb' && this.cfbFound === null) this.scanCfb(chunk);
    if (this.container === 'zip') this.keepTail(chunk);
  }

  /** The media type, once every byte has been pushed. */
  type(): EvidenceDocumentType | null {
    if (this.container === undefined) this.decideContainer();
    if (this.container === 'cfb') return this.cfbFound;
    if (this.container === 'zip') return officeTypeOfZip(Buffer.concat(this.tail), this.total);
    return this.simple;
  }

  private decideContainer(): void {
    const head = this.head;
    if (startsWith(head, CFB)) this.container = 'cfb';
    else if (startsWith(head, ZIP)) this.container = 'zip';
    else {
      this.container = null;
      if (startsWith(head, PDF)) this.simple = 'application/pdf';
      else if (startsWith(head, PNG)) this.simple = 'image/png';
      else if (startsWith(head, JPEG)) this.simple = 'image/jpeg';
    }
  }

  // The first of the two stream names met in the directory is the file's own: a Word file with an
  // Excel sheet embedded names its WordDocument stream before the embedded storage's Workbook.
  private scanCfb(chunk: Buffer): void {
    const window = Buffer.concat([this.carry, chunk]);
    const word = window.indexOf(WORD_STREAM);
    const excel = Math.min(...EXCEL_STREAMS.map((name) => window.indexOf(name)).map((at) => (at < 0 ? Infinity : at)));
    if (word >= 0 && word < excel) this.cfbFound = 'application/msword';
    else if (excel !== Infinity) this.cfbFound = 'application/vnd.ms-excel';
    this.carry = window.subarray(Math.max(0, window.length - LONGEST_NAME + 1));
  }

  private keepTail(chunk: Buffer): void {
    this.tail.push(chunk);
    this.tailLength += chunk.length;
    while (this.tail.length > 1 && this.tailLength - this.tail[0]!.length >= ZIP_TAIL_BYTES) {
      this.tailLength -= this.tail.shift()!.length;
    }
  }
}

/** .docx or .xlsx from a ZIP's central directory: [Content_Types].xml with word/ or xl/ parts. */
function officeTypeOfZip(tail: Buffer, total: number): EvidenceDocumentType | null {
  // The end of central directory record: 22 bytes and a comment of at most 65,535.
  const searchFrom = Math.max(0, tail.length - 22 - 0xffff);
  let end = -1;
  for (let at = tail.length - 22; at >= searchFrom; at -= 1) {
    if (tail.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const entries = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  const tailStart = total - tail.length;
  let at = directoryOffset - tailStart;
  if (at < 0 || directoryOffset + directorySize > total) return null;
  const names: string[] = [];
  for (let entry = 0; entry < entries; entry += 1) {
    if (at + 46 > tail.length || tail.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = tail.readUInt16LE(at + 28);
    const extraLength = tail.readUInt16LE(at + 30);
    const commentLength = tail.readUInt16LE(at + 32);
    names.push(tail.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (!names.includes('[Content_Types].xml')) return null;
  if (names.some((name) => name.startsWith('word/')))
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  if (names.some((name) => name.startsWith('xl/')))
    return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return null;
}
