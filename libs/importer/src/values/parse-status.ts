import type { RagStatus } from '#domain';

/**
 * BRAG status from a cell's words or, when it has none, its fill colour. Older plans write
 * "Completed" for blue. A value that is neither (the 2018-19 plan's "r") is not guessed at:
 * the caller leaves the action unrated and warns, naming the cell.
 */
export type StatusReading =
  | { kind: 'status'; status: RagStatus; from: 'text' | 'fill' }
  | { kind: 'empty' }
  | { kind: 'unknown'; text: string; fillStatus: RagStatus | null };

const WORDS: Record<string, RagStatus> = {
  blue: 'blue',
  completed: 'blue',
  complete: 'blue',
  done: 'blue',
  closed: 'blue',
  achieved: 'blue',
  red: 'red',
  amber: 'amber',
  orange: 'amber',
  yellow: 'amber',
  green: 'green',
};

export function statusFromText(text: string): RagStatus | null {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[.!:;]+$/, '')
    .replace(/\s+/g, ' ');
  return WORDS[word] ?? WORDS[word.replace(/^(rag|brag)\s*[:-]?\s*/, '')] ?? null;
}

export function readStatus(text: string, fill: string | null): StatusReading {
  const fillStatus = statusFromFill(fill);
  if (text.trim() === '') return fillStatus ? { kind: 'status', status: fillStatus, from: 'fill' } : { kind: 'empty' };
  const status = statusFromText(text);
  return status ? { kind: 'status', status, from: 'text' } : { kind: 'unknown', text: text.trim(), fillStatus };
}

/**
 * The status a fill colour stands for, by hue: red, amber (orange to yellow), green, blue.
 * Pale, grey, white and black fills are formatting, not a status.
 */
export function statusFromFill(argb: string | null): RagStatus | null {
  if (!argb || !/^[0-9a-f]{8}$/i.test(argb)) return null;
  if (argb.slice(0, 2) === '00') return null; // fully transparent
  const [r, g, b] = [2, 4, 6].map((i) => parseInt(argb.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const saturation = max === 0 ? 0 : (max - min) / max;
  if (saturation < 0.3 || max < 0.25) return null;
  let hue: number;
  if (max === r) hue = (60 * ((g - b) / (max - min)) + 360) % 360;
  else if (max === g) hue = 60 * ((b - r) / (max - min)) + 120;
  else hue = 60 * ((r - g) / (max - min)) + 240;
  if (hue < 15 || hue >= 330) return 'red';
  if (hue < 70) return 'amber';
  if (hue < 165) return 'green';
  if (hue < 265) return 'blue';
  return null; // purple and pink are not BRAG colours
}
