import type { ChildLevelRecord, ChildLevelWordSet } from './child-level-words.js';

/** What a reader without the `child-data` permission sees where a child-level record's words were. */
export const CHILD_WORDS_WITHHELD = '[child-level record: words withheld]';

/** A word this long is also looked for inside longer strings (a shorter one only as a whole value). */
const FOUND_INSIDE_FROM = 16;
/** A string cut short with an ellipsis is taken for a word it begins, if at least this much of it is left. */
const CUT_SHORT_FROM = 8;

const isPlain = (value: object) => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

export interface ChildWordsFound<T> {
  /** The answer, with every child-level word replaced by CHILD_WORDS_WITHHELD (when withholding). */
  answer: T;
  /** The records whose words the answer holds (as given, before any replacement). */
  records: ChildLevelRecord[];
}

/**
 * Walks an answer of the read models (plain objects, arrays, strings; Dates and other values are
 * kept as they are) and finds every string that is, holds, or begins (cut short with "…") a
 * child-level word. With `withhold`, each is replaced by the marker, in a copy; the answer given
 * is never changed. The one function every read goes through (ChildDataReadModels), so no reader
 * or endpoint has a check of its own to forget.
 */
export function findChildWords<T>(answer: T, set: ChildLevelWordSet, withhold: boolean): ChildWordsFound<T> {
  const found = new Map<string, ChildLevelRecord>();
  if (set.words.size === 0) return { answer, records: [] };
  const long = [...set.words.keys()].filter((word) => word.length >= FOUND_INSIDE_FROM);
  const note = (records: readonly ChildLevelRecord[]) => {
    for (const record of records) found.set(`${record.kind}:${record.id}`, record);
  };
  const matches = (text: string): boolean => {
    const whole = set.words.get(text);
    if (whole) return (note(whole), true);
    let hit = false;
    if (text.length > FOUND_INSIDE_FROM)
      for (const word of long)
        if (text.includes(word)) {
          note(set.words.get(word)!);
          hit = true;
        }
    if (!hit && text.endsWith('…')) {
      const start = text.slice(0, -1).trimEnd();
      if (start.length >= CUT_SHORT_FROM)
        for (const [word, records] of set.words)
          if (word.startsWith(start)) {
            note(records);
            hit = true;
          }
    }
    return hit;
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return matches(value) && withhold ? CHILD_WORDS_WITHHELD : value;
    if (Array.isArray(value)) {
      let copy: unknown[] | null = null;
      value.forEach((item, n) => {
        const walked = walk(item);
        if (walked !== item) (copy ??= [...value])[n] = walked;
      });
      return copy ?? value;
    }
    if (value instanceof Map) {
      let copy: Map<unknown, unknown> | null = null;
      for (const [key, item] of value) {
        const walked = walk(item);
        if (walked !== item) (copy ??= new Map(value)).set(key, walked);
      }
      return copy ?? value;
    }
    if (value !== null && typeof value === 'object' && isPlain(value)) {
      let copy: Record<string, unknown> | null = null;
      for (const [key, item] of Object.entries(value)) {
        const walked = walk(item);
        if (walked !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = walked;
      }
      return copy ?? value;
    }
    return value;
  };
  const walked = walk(answer) as T;
  return { answer: withhold ? walked : answer, records: [...found.values()] };
}
