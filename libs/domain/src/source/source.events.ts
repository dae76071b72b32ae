import type { IsoDate } from '../values.js';

/** Where an idea for action came from, as the committee papers name them. */
export const SOURCE_KINDS = [
  'ofsted-inspection',
  'ofsted-focused-visit',
  'independent-audit',
  'multi-agency-audit',
  'case-review',
  'self-evaluation',
  'staff-feedback',
  'children-and-families-feedback',
  'research',
  'other',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export type SourceRegistered = {
  type: 'SourceRegistered';
  /** `date` is null when the papers give none ("Feedback from Duty workers"). */
  data: { sourceId: string; kind: SourceKind; title: string; date: IsoDate | null };
};

/**
 * A recommendation of this source, filed on the source with the words a plan gave it, so an
 * import can tell a later plan's restatement from a new recommendation by reading only the
 * source's stream (the source knows its recommendations; a recommendation's own stream cannot be
 * found without knowing its id). Filed again when a plan restates it in other words.
 */
export type RecommendationFiled = {
  type: 'RecommendationFiled';
  data: { sourceId: string; recommendationId: string; reference: string | null; text: string };
};

export type SourceEvent = SourceRegistered | RecommendationFiled;

export const sourceStreamId = (sourceId: string): string => `source-${sourceId}`;
