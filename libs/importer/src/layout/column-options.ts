import { FIELDS, normaliseHeader, type Field } from './recognise-header.js';

/**
 * What the person importing says about columns the recogniser does not know: `columnMap` reads
 * a header as a field ("Notes for the board" → comments), `ignoreColumns` leaves a column out
 * knowingly. Headers are matched as recognition reads them: case, punctuation and spacing aside.
 */
export type ColumnOptions = {
  /** Header text → the field its column holds. */
  columnMap?: Record<string, Field>;
  /** Header texts whose columns are not imported, on purpose. */
  ignoreColumns?: string[];
};

/** The options keyed for matching, and a record of which were used (an unused one is reported). */
export class ColumnChoices {
  private readonly mapped = new Map<string, { header: string; field: Field }>();
  private readonly ignored = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(options: ColumnOptions = {}) {
    for (const [header, field] of Object.entries(options.columnMap ?? {})) {
      if (!isField(field))
        throw new TypeError(
          `columnMap: "${field}" (for "${header}") is not a field; the fields are ${FIELDS.join(', ')}`,
        );
      this.mapped.set(columnKey(header), { header, field });
    }
    for (const header of options.ignoreColumns ?? []) this.ignored.set(columnKey(header), header);
  }

  /** The field the person mapped this header to, if any. */
  fieldFor(header: string): Field | null {
    return this.mapped.size === 0 ? null : (this.mapped.get(columnKey(header))?.field ?? null);
  }

  isIgnored(header: string): boolean {
    return this.ignored.size > 0 && this.ignored.has(columnKey(header));
  }

  /** Records that a header row used the option for this header (a data row that happens to hold the same words does not). */
  noteUsed(how: 'mapped' | 'ignored', header: string): void {
    this.used.add(`${how === 'mapped' ? 'map' : 'ignore'}:${columnKey(header)}`);
  }

  /** Options that matched no header in the workbook, as the person wrote them. */
  unused(): { kind: 'map' | 'ignore'; header: string }[] {
    return [
      ...[...this.mapped]
        .filter(([key]) => !this.used.has(`map:${key}`))
        .map(([, { header }]) => ({ kind: 'map' as const, header })),
      ...[...this.ignored]
        .filter(([key]) => !this.used.has(`ignore:${key}`))
        .map(([, header]) => ({ kind: 'ignore' as const, header })),
    ];
  }
}

/** How a header is matched against the options: recognition's normalisation (case, punctuation, spacing ignored). */
export const columnKey = (header: string): string => normaliseHeader(header);

export const isField = (value: string): value is Field => (FIELDS as readonly string[]).includes(value);

/**
 * `"Identified need=need"` → the header and field, as the CLI's --map and the API's map= take
 * them: split at the last "=" (a header may hold one, a field never does); the field's case is
 * forgiven ("dltlead"). Returns an error message naming the fields when it is not one.
 */
export function parseColumnMapping(text: string): { header: string; field: Field } | { error: string } {
  const at = text.lastIndexOf('=');
  const header = at < 0 ? '' : text.slice(0, at).trim();
  const named = at < 0 ? '' : text.slice(at + 1).trim();
  if (at < 0 || header === '')
    return { error: `"${text}" is not <header>=<field>; the fields are ${FIELDS.join(', ')}` };
  const field = FIELDS.find((f) => f.toLowerCase() === named.toLowerCase());
  if (!field) return { error: `"${named}" (for "${header}") is not a field; the fields are ${FIELDS.join(', ')}` };
  return { header, field };
}
