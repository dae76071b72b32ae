import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Documents of each kind, built byte by byte as their formats lay them out (a ZIP's local headers,
 * central directory and end record; a CFB header and directory names), so the tests need no
 * binary fixtures. `padding` makes a document of about that size (random, so never compressible).
 */

/** A ZIP with its entries stored uncompressed. */
export function aZip(entries: Record<string, Buffer | string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

export const aDocx = (padding = 0): Buffer =>
  aZip({
    '[Content_Types].xml': CONTENT_TYPES,
    'word/document.xml': '<w:document/>',
    'word/media/image1.png': randomBytes(padding),
  });

export const anXlsx = (padding = 0): Buffer =>
  aZip({
    '[Content_Types].xml': CONTENT_TYPES,
    'xl/workbook.xml': '<workbook/>',
    'xl/media/p.png': randomBytes(padding),
  });

/** A CFB (Word/Excel 97-2003) file: its header, then a directory naming the given top-level streams. */
export function aCfb(streams: string[], padding = 0): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  const entries = ['Root Entry', ...streams].map((name) => {
    const entry = Buffer.alloc(128);
    Buffer.from(`${name}\0`, 'utf16le').copy(entry, 0);
    entry.writeUInt16LE((name.length + 1) * 2, 64);
    return entry;
  });
  return Buffer.concat([header, randomBytes(padding), ...entries]);
}

export const aDoc = (padding = 0) => aCfb(['WordDocument', '\u0001CompObj'], padding);
export const anXls = (padding = 0) => aCfb(['Workbook', '\u0005SummaryInformation'], padding);

export const aPdf = (padding = 0): Buffer =>
  Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'),
    randomBytes(padding),
    Buffer.from('\n%%EOF\n'),
  ]);

export const aPng = (padding = 0): Buffer =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(padding + 16)]);

export const aJpeg = (padding = 0): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(padding + 16), Buffer.from([0xff, 0xd9])]);
