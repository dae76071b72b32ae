/**
 * The one address a page's query has, whatever form sent it. A GOV.UK date input sends a date as
 * three fields (asOf-day, asOf-month, asOf-year); a filter form sends its empty fields too. A
 * browser is sent on to the address with each date as one YYYY-MM-DD parameter and without the
 * empty ones, so the API's checks see only what was chosen, by the names they know, and the
 * address is short enough to bookmark and share.
 *
 * Answers the canonical query string, or null when the query is canonical already.
 */
export function canonicalQuery(query: string): string | null {
  const params = [...new URLSearchParams(query)];
  const parts = new Map<string, { day?: string; month?: string; year?: string; at: number }>();
  params.forEach(([name, value], at) => {
    const part = /^(.+)-(day|month|year)$/.exec(name);
    if (!part) return;
    const date = parts.get(part[1]!) ?? parts.set(part[1]!, { at }).get(part[1]!)!;
    date[part[2] as 'day' | 'month' | 'year'] = value.trim();
  });
  const kept: [string, string][] = [];
  params.forEach(([name, value], at) => {
    const part = /^(.+)-(day|month|year)$/.exec(name);
    if (part) {
      const date = parts.get(part[1]!)!;
      if (date.at === at) {
        const folded = foldDate(date);
        if (folded !== '') kept.push([part[1]!, folded]);
      }
      return;
    }
    if (value !== '') kept.push([name, value]);
  });
  const canonical = new URLSearchParams(kept).toString();
  return canonical === new URLSearchParams(params).toString() ? null : canonical;
}

/**
 * Day, month and year as YYYY-MM-DD; nothing when all three are empty. A part missing or not a
 * number is kept as typed, so the page's own check refuses it and names the field.
 */
function foldDate({ day = '', month = '', year = '' }: { day?: string; month?: string; year?: string }): string {
  if (day === '' && month === '' && year === '') return '';
  const pad = (value: string, width: number) => (/^\d+$/.test(value) ? value.padStart(width, '0') : value);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}
