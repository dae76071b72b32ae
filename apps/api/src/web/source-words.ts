import type { SourceKind } from '#domain';

/** Each kind of source as the committee papers say it. */
const SOURCE_KIND_WORDS: Record<SourceKind, string> = {
  'ofsted-inspection': 'Ofsted inspection',
  'ofsted-focused-visit': 'Ofsted focused visit',
  'independent-audit': 'Independent audit',
  'multi-agency-audit': 'Multi-agency audit',
  'case-review': 'Case review',
  'self-evaluation': 'Self-evaluation',
  'staff-feedback': 'Feedback from staff',
  'children-and-families-feedback': 'Feedback from children and families',
  research: 'Research',
  other: 'Other',
};

/** A kind of source in words; a kind this version does not know, as it is named. */
export const sourceKindWords = (kind: string): string => SOURCE_KIND_WORDS[kind as SourceKind] ?? kind;
