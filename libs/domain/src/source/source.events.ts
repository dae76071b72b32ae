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

export type SourceEvent = SourceRegistered;

export const sourceStreamId = (sourceId: string): string => `source-${sourceId}`;
