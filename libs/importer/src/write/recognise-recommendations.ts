import type { ImportedPlan } from '../interpret/imported-plan.js';
import { SOURCE_NOT_NAMED_KEY } from '../interpret/keys.js';
import {
  matchRecommendations,
  type KnownRecommendation,
  type MatchRule,
  type ProposedRecommendation,
} from '../recommendations/match-recommendation.js';
import type { SourceState } from '#domain';
import { recommendationIdOf, sourceIdOf } from './import-ids.js';

/**
 * A recommendation of the workbook recognised as one the store knows under the same source
 * (match-recommendation.ts): its actions go to the known one, and the plan's words are kept as a
 * restatement of it. `matchId` is the id the workbook's recommendation would get on its own: a
 * person refuses the match by naming it (`refuseMatch`, `--refuse-match`), and then it is a new
 * recommendation.
 */
export type RecognisedRecommendation = {
  matchId: string;
  key: string;
  text: string;
  recommendationId: string;
  knownText: string;
  rule: MatchRule;
  score: number;
};

export type RecommendationNearMiss = {
  key: string;
  text: string;
  recommendationId: string;
  knownText: string;
  score: number;
};

/** What of the store's streams recognition reads (ExistingState has them): the sources, and which recommendations exist. */
type KnownStreams = {
  sources: ReadonlyMap<string, { state: SourceState }>;
  recommendations: ReadonlyMap<string, unknown>;
};

export type Recognition = {
  /** By the workbook's recommendation key. */
  matches: Map<string, RecognisedRecommendation>;
  refused: RecognisedRecommendation[];
  nearMisses: RecommendationNearMiss[];
  /** Sources whose recommendations were too many to compare by words (MAX_TEXT_COMPARISONS): only numbers matched. */
  textSkipped: string[];
};

/**
 * The workbook's recommendations the store does not hold by their own key, matched against what
 * each source has filed. What the import itself names by key is taken already, so a later version
 * of the same plan never matches a new need to one of its own. Pure: the same workbook against
 * the same store recognises the same, so a re-import plans nothing new.
 */
export function recogniseRecommendations(
  imported: ImportedPlan,
  existing: KnownStreams,
  refusedMatchIds: readonly string[] = [],
): Recognition {
  const refusedIds = new Set(refusedMatchIds);
  const ownIds = new Set(imported.recommendations.map((rec) => recommendationIdOf(rec.key)));
  const recognition: Recognition = { matches: new Map(), refused: [], nearMisses: [], textSkipped: [] };
  const bySource = new Map<string, ProposedRecommendation[]>();
  for (const rec of imported.recommendations) {
    if (existing.recommendations.has(recommendationIdOf(rec.key)) || rec.sourceKey === SOURCE_NOT_NAMED_KEY) continue;
    const list = bySource.get(rec.sourceKey) ?? [];
    list.push({ key: rec.key, reference: rec.reference, text: rec.text });
    bySource.set(rec.sourceKey, list);
  }
  const textOf = new Map(imported.recommendations.map((rec) => [rec.key, rec.text]));
  for (const [sourceKey, proposed] of bySource) {
    const source = existing.sources.get(sourceIdOf(sourceKey))?.state;
    const known: KnownRecommendation[] = (source?.recommendations ?? []).filter(
      (filed) => !ownIds.has(filed.recommendationId),
    );
    if (known.length === 0) continue;
    const sourceName = [source?.title ?? '', imported.sources.find((s) => s.key === sourceKey)?.title ?? ''].join(' ');
    const { matches, nearMisses, textSkipped } = matchRecommendations(proposed, known, sourceName);
    if (textSkipped) recognition.textSkipped.push(sourceKey);
    for (const match of matches) {
      const recognised: RecognisedRecommendation = {
        matchId: recommendationIdOf(match.key),
        key: match.key,
        text: textOf.get(match.key)!,
        recommendationId: match.recommendationId,
        knownText: match.knownText,
        rule: match.rule,
        score: match.score,
      };
      if (refusedIds.has(recognised.matchId)) recognition.refused.push(recognised);
      else recognition.matches.set(match.key, recognised);
    }
    for (const miss of nearMisses) recognition.nearMisses.push({ ...miss, text: textOf.get(miss.key)! });
  }
  return recognition;
}

/** The id a workbook's recommendation is written under: the known one it was recognised as, else its own. */
export const recommendationIdIn = (recognition: Recognition, key: string): string =>
  recognition.matches.get(key)?.recommendationId ?? recommendationIdOf(key);
