/**
 * Hostile text for every free-text field: each must be stored and read back exactly as sent, and
 * do nothing on the way (no SQL run, no markup interpreted, no formula in the CSV export).
 */
export const INJECTIONS: { name: string; text: string }[] = [
  { name: 'SQL: quote and statement', text: "Robert'); DROP TABLE oversight_events;--" },
  { name: 'SQL: tautology', text: "' OR '1'='1' --" },
  { name: 'SQL: dollar quoting', text: '$$; DELETE FROM rm_actions; $$' },
  { name: 'JSON/jsonb operators', text: "{\"text\": \"x\"} ->> 'text' || '' ?| array['a']" },
  { name: 'HTML script', text: '<script>alert("x")</script>' },
  { name: 'HTML attribute', text: '"><img src=x onerror=alert(1)>' },
  { name: 'CSV formula', text: "=cmd|' /C calc'!A0" },
  { name: 'CSV formula (+, @, -)', text: '+SUM(1,2)\n@SUM(A1)\n-2+3' },
  { name: 'path traversal', text: '../../../../etc/passwd' },
  { name: 'Windows path traversal', text: '..\\..\\windows\\win.ini' },
  { name: 'template and format strings', text: '${process.exit(1)} {{7*7}} %s%n%x' },
  { name: 'unicode: right-to-left override, zero-width, emoji, combining', text: 'abc\u202edcba\u200b 👩‍👧‍👦 e\u0301 𝕏' },
  { name: 'unicode: other scripts', text: 'Ελληνικά 日本語 العربية Cymraeg: ŵ ŷ' },
  { name: 'control characters', text: 'line 1\r\nline 2\ttabbed\u0007\u001b[31m' },
  { name: 'backslashes and escapes', text: '\\u0000 \\x00 \\n %00 \\\\' },
];

/** Characters PostgreSQL cannot store in text or jsonb: refused with 400, never 500 or silently changed. */
export const UNSTORABLE: { name: string; text: string }[] = [
  { name: 'NUL', text: 'before\u0000after' },
  { name: 'lone surrogate', text: 'before\ud800after' },
];
