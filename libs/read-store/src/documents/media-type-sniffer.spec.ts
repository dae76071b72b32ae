import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { aCfb, aDoc, aDocx, aJpeg, anXls, anXlsx, aPdf, aPng, aZip } from '../testing/document-samples.js';
import { MediaTypeSniffer } from './media-type-sniffer.js';

/** The type named when the bytes come in chunks of `size`, as an upload's do. */
function sniff(bytes: Buffer, size = 64 * 1024): string | null {
  const sniffer = new MediaTypeSniffer();
  for (let at = 0; at < bytes.length; at += size) sniffer.push(bytes.subarray(at, at + size));
  return sniffer.type();
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('MediaTypeSniffer', () => {
  it.each([
    ['a PDF', aPdf(1000), 'application/pdf'],
    ['a PNG', aPng(1000), 'image/png'],
    ['a JPEG', aJpeg(1000), 'image/jpeg'],
    ['a .docx', aDocx(300_000), DOCX],
    ['an .xlsx', anXlsx(300_000), XLSX],
    ['a .doc', aDoc(300_000), 'application/msword'],
    ['an .xls', anXls(300_000), 'application/vnd.ms-excel'],
    ['a real workbook', readFileSync('tests/fixtures/service-development-plan-2024-25.xlsx'), XLSX],
  ])('names %s from its bytes, whole or in chunks of any size', (_what, bytes, type) => {
    for (const size of [1, 7, 4096, 256 * 1024, bytes.length]) {
      if (size === 1 && bytes.length > 20_000) continue; // a byte at a time is slow for the large ones; 7 shows the joins
      expect(sniff(bytes, size)).toBe(type);
    }
  });

  it('names a Word file with an Excel sheet inside as Word: the first stream named is its own', () => {
    expect(sniff(aCfb(['WordDocument', 'ObjectPool', 'Workbook']), 13)).toBe('application/msword');
  });

  it.each([
    ['HTML', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['plain text', Buffer.from('Minutes of the March DLT')],
    ['an empty file', Buffer.alloc(0)],
    ['a ZIP that is no Office file', aZip({ 'index.html': '<script></script>' })],
    ['an Office-looking ZIP without [Content_Types].xml', aZip({ 'word/document.xml': '<w:document/>' })],
    ['a ZIP whose end is cut off', aDocx(1000).subarray(0, 900)],
    ['a CFB with neither a Word nor an Excel stream', aCfb(['PowerPoint Document'])],
    ['a PDF magic number not at the start', Buffer.from(' %PDF-1.7')],
  ])('names nothing for %s', (_what, bytes) => {
    expect(sniff(bytes, 5)).toBeNull();
  });
});
