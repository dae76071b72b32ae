import { describe, expect, it } from '@jest/globals';
import { safeFileName } from '../attach-document/document-upload.js';
import { contentDisposition } from './download-evidence-document.http.controller.js';

describe('the names a document is kept and downloaded under', () => {
  it.each([
    ['a Windows path', 'C:\\Users\\hos\\Documents\\DLT minutes.pdf', 'DLT minutes.pdf'],
    ['a path up the tree', '../../etc/passwd.pdf', 'passwd.pdf'],
    ['a header injected', 'minutes\r\nSet-Cookie: x=1.pdf', 'minutesSet-Cookie: x=1.pdf'],
    ['a blank name', '  ', 'document'],
    ['no name', undefined, 'document'],
    ['a name of 300 characters', 'a'.repeat(300), 'a'.repeat(200)],
  ])('keeps %s without folders or control characters, in at most 200 characters', (_what, sent, kept) => {
    expect(safeFileName(sent)).toBe(kept);
  });

  it('gives an ASCII name with no quote, backslash, percent or semicolon, and the exact name as RFC 5987 UTF-8', () => {
    const header = contentDisposition('Rapport "final"; 100% – Überprüfung\\2024.pdf');
    expect(header).toBe(
      `attachment; filename="Rapport _final__ 100_ _ _berpr_fung_2024.pdf"; filename*=UTF-8''Rapport%20%22final%22%3B%20100%25%20%E2%80%93%20%C3%9Cberpr%C3%BCfung%5C2024.pdf`,
    );
    expect(decodeURIComponent(header.split("UTF-8''")[1]!)).toBe('Rapport "final"; 100% – Überprüfung\\2024.pdf');
  });

  it("percent-encodes the characters encodeURIComponent leaves that RFC 5987 does not allow: ' ( ) *", () => {
    expect(contentDisposition("it's (v2)*.pdf")).toContain("filename*=UTF-8''it%27s%20%28v2%29%2A.pdf");
  });
});
