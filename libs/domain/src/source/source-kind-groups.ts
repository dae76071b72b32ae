import { SOURCE_KINDS, type SourceKind } from './source.events.js';

/**
 * The kinds of source as a committee reads accountability: to Ofsted, to the audits, to case
 * reviews, to children and families, to staff (the papers' own grouping), and the rest. Every
 * kind is in exactly one group (source-kind-groups.spec.ts holds that).
 */
export const SOURCE_KIND_GROUPS = [
  { name: 'ofsted', label: 'Ofsted', kinds: ['ofsted-inspection', 'ofsted-focused-visit'] },
  { name: 'audits', label: 'Audits', kinds: ['independent-audit', 'multi-agency-audit'] },
  { name: 'case-reviews', label: 'Case reviews', kinds: ['case-review'] },
  { name: 'children-and-families', label: 'Children and families', kinds: ['children-and-families-feedback'] },
  { name: 'staff', label: 'Staff', kinds: ['staff-feedback'] },
  {
    name: 'self-evaluation-and-research',
    label: 'Self-evaluation, research and other',
    kinds: ['self-evaluation', 'research', 'other'],
  },
] as const satisfies readonly { name: string; label: string; kinds: readonly SourceKind[] }[];

export type SourceKindGroup = (typeof SOURCE_KIND_GROUPS)[number];
export type SourceKindGroupName = SourceKindGroup['name'];
export const SOURCE_KIND_GROUP_NAMES = SOURCE_KIND_GROUPS.map((group) => group.name);

/** The group a kind belongs to. */
export function groupOfSourceKind(kind: SourceKind): SourceKindGroup {
  return SOURCE_KIND_GROUPS.find((group) => (group.kinds as readonly string[]).includes(kind))!;
}

/** The kinds a filter names: a group's kinds, or the one kind. */
export function sourceKindsNamed(name: SourceKindGroupName | SourceKind): SourceKind[] {
  const group = SOURCE_KIND_GROUPS.find((candidate) => candidate.name === name);
  return group ? [...group.kinds] : SOURCE_KINDS.includes(name as SourceKind) ? [name as SourceKind] : [];
}

/** Each kind of source in words, as a person reads it on a page. */
export const SOURCE_KIND_WORDS: Record<SourceKind, string> = {
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
