import { cleanText } from '../values/text.js';

/**
 * Is a recommendation a later plan gives one the store already knows under the same source? In
 * this order (README, docs/importing.md):
 *
 * 1. by number: "Ofsted recommendation 1", "rec 1", "R1", "recommendation one", "(1)" is that
 *    number of the source; two different numbers are never the same recommendation, whatever
 *    their words;
 * 2. by words: the texts' words, without case, punctuation, the source's own name and date and
 *    the plans' filler ("Ofsted", "2016", "retained for oversight"), cut to their stems, scored by
 *    how many the shorter text shares with the longer (|A ∩ B| / min(|A|, |B|)), times a damping
 *    for a very short text; at or above TEXT_MATCH_THRESHOLD it is the same. The threshold was
 *    chosen on the pairs in testing/recommendation-pairs.ts (match-recommendation.spec.ts counts
 *    the errors at it). Below it, down to NEAR_MISS_FLOOR, it is a near miss: not merged, but a
 *    warning names both texts so a person can link them by hand.
 *
 * Each known recommendation is matched at most once per plan (a plan states each recommendation
 * once), best score first. Pure: what is known comes from the source's stream.
 */

/** A recommendation the store knows of a source: every wording filed for it. */
export type KnownRecommendation = { recommendationId: string; reference: string | null; texts: string[] };

/** A recommendation a plan gives: its key in the workbook, how it is numbered, its words. */
export type ProposedRecommendation = { key: string; reference: string | null; text: string };

export type MatchRule = 'number' | 'text';

export type RecommendationMatch = {
  key: string;
  recommendationId: string;
  rule: MatchRule;
  /** 1 for a number; the word score for a text match. */
  score: number;
  /** The known wording it matched. */
  knownText: string;
};

export type NearMiss = { key: string; recommendationId: string; score: number; knownText: string };

export const TEXT_MATCH_THRESHOLD = 0.6;
/**
 * Text comparisons one source's match may make (a plan's needs × the wordings the source knows):
 * real plans make a few thousand; a hostile workbook of 10,000 needs against a store of as many
 * would make a hundred million. Past it only numbers are matched, and the caller says so.
 */
export const MAX_TEXT_COMPARISONS = 250_000;
export const NEAR_MISS_FLOOR = 0.35;

const NUMBER_WORDS = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const NUMBER = `(\\d{1,2}(?!\\d)|${NUMBER_WORDS.join('|')})`;
// Each within the first words: "Ofsted recommendation 1:", "Rec 2 -", "R3 (ILACS 2016):", "(4) Expedite ...".
const NUMBERED = [
  new RegExp(`^(?:[\\w&'’-]+\\s+){0,4}?recommendation\\s+(?:no\\.?\\s*)?${NUMBER}\\b`, 'i'),
  new RegExp(`^(?:[\\w&'’-]+\\s+){0,4}?rec\\.?\\s*${NUMBER}\\b`, 'i'),
  new RegExp(`^(?:[\\w&'’-]+\\s+){0,4}?R(\\d{1,2})\\b`),
  /^\(?(\d{1,2})\)\s/,
];

/** How the source numbers it, from its reference or the words that open it; null when it does not. */
export function recommendationNumber(reference: string | null, text: string): number | null {
  for (const words of [reference, text]) {
    if (!words) continue;
    const opening = cleanText(words).slice(0, 120);
    for (const pattern of NUMBERED) {
      const m = pattern.exec(opening);
      if (!m) continue;
      const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS.indexOf(m[1]!.toLowerCase()) + 1;
      if (n > 0) return n;
    }
  }
  return null;
}

// Words the plans put around a recommendation that say nothing of what it asks.
const FILLER = new Set(
  (
    'a an and are as at be been being by for from has have in into is it its of on or our so such that the their ' +
    'them these they this those to was were which who will with within should would must also any all each ' +
    'ofsted ilacs inspection aidhour audit auditor independent focused focussed visit letter judgment judgement ' +
    'recommendation recommendations rec recs retained retain kept keep oversight service level following ' +
    'para paragraph see priority sip sdp plan improvement development ' +
    'jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august ' +
    'september october november december'
  ).split(' '),
);

/** Cuts a word to its stem: no plural "s", at most five letters ("consistency", "consistent" → "consi"). */
const stem = (word: string): string => (word.length > 3 ? word.replace(/(?:ies|es|s)$/, '') : word).slice(0, 5);

/** The words that say what it asks, as stems: without case, punctuation, numbers, filler and the source's own name. */
export function meaningfulWords(text: string, sourceName = ''): Set<string> {
  const own = new Set(words(sourceName));
  return new Set(
    words(text)
      .filter((word) => !FILLER.has(word) && !own.has(word) && !/\d/.test(word) && !/^r\d+$/.test(word))
      .map(stem)
      .filter((word) => word.length > 1),
  );
}

const words = (text: string): string[] =>
  cleanText(text)
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** How alike two wordings are, 0 to 1 (see above). */
export function textScore(a: string, b: string, sourceName = ''): number {
  return wordScore(meaningfulWords(a, sourceName), meaningfulWords(b, sourceName));
}

function wordScore(left: Set<string>, right: Set<string>): number {
  const shorter = Math.min(left.size, right.size);
  if (shorter === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  // A text of a word or two shares all of them by chance too easily: damp it until it has four.
  const damping = Math.min(1, shorter / 4);
  return Math.round((shared / shorter) * damping * 1000) / 1000;
}

/**
 * The known recommendation each proposed one is, by number then by words, one to one; and the
 * near misses of those left unmatched.
 */
export function matchRecommendations(
  proposed: readonly ProposedRecommendation[],
  known: readonly KnownRecommendation[],
  sourceName: string,
): { matches: RecommendationMatch[]; nearMisses: NearMiss[]; textSkipped: boolean } {
  const matches: RecommendationMatch[] = [];
  const taken = new Set<string>();
  const matched = new Set<string>();
  const knownNumbers = new Map(known.map((rec) => [rec.recommendationId, numberOfKnown(rec)]));

  for (const rec of proposed) {
    const n = recommendationNumber(rec.reference, rec.text);
    if (n === null) continue;
    const same = known.find((k) => !taken.has(k.recommendationId) && knownNumbers.get(k.recommendationId) === n);
    if (!same) continue;
    taken.add(same.recommendationId);
    matched.add(rec.key);
    matches.push({
      key: rec.key,
      recommendationId: same.recommendationId,
      rule: 'number',
      score: 1,
      knownText: same.texts[0]!,
    });
  }

  const candidates: { key: string; known: KnownRecommendation; score: number; knownText: string }[] = [];
  const unmatched = proposed.filter((rec) => !matched.has(rec.key));
  const comparisons = unmatched.length * known.reduce((sum, k) => sum + k.texts.length, 0);
  if (comparisons > MAX_TEXT_COMPARISONS) return { matches, nearMisses: [], textSkipped: true };
  // Each text's words once, not once per comparison.
  const wordsOf = new Map<string, Set<string>>();
  const words = (text: string) => {
    let set = wordsOf.get(text);
    if (!set) wordsOf.set(text, (set = meaningfulWords(text, sourceName)));
    return set;
  };
  for (const rec of unmatched) {
    const n = recommendationNumber(rec.reference, rec.text);
    for (const k of known) {
      if (taken.has(k.recommendationId)) continue;
      const kn = knownNumbers.get(k.recommendationId);
      if (n !== null && kn !== null && kn !== n) continue; // two numbers: two recommendations
      let best = { score: 0, text: k.texts[0]! };
      for (const text of k.texts) {
        const score = wordScore(words(rec.text), words(text));
        if (score > best.score) best = { score, text };
      }
      if (best.score >= NEAR_MISS_FLOOR)
        candidates.push({ key: rec.key, known: k, score: best.score, knownText: best.text });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.key.localeCompare(y.key));
  for (const c of candidates) {
    if (c.score < TEXT_MATCH_THRESHOLD || matched.has(c.key) || taken.has(c.known.recommendationId)) continue;
    matched.add(c.key);
    taken.add(c.known.recommendationId);
    matches.push({
      key: c.key,
      recommendationId: c.known.recommendationId,
      rule: 'text',
      score: c.score,
      knownText: c.knownText,
    });
  }

  const nearMisses: NearMiss[] = [];
  for (const c of candidates) {
    if (c.score >= TEXT_MATCH_THRESHOLD || matched.has(c.key) || nearMisses.some((miss) => miss.key === c.key))
      continue;
    nearMisses.push({ key: c.key, recommendationId: c.known.recommendationId, score: c.score, knownText: c.knownText });
  }
  return { matches, nearMisses, textSkipped: false };
}

function numberOfKnown(rec: KnownRecommendation): number | null {
  for (const text of rec.texts) {
    const n = recommendationNumber(rec.reference, text);
    if (n !== null) return n;
  }
  return null;
}
