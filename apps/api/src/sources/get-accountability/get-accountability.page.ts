import type { Request } from 'express';
import {
  SOURCE_KIND_GROUPS,
  SOURCE_KIND_WORDS,
  sourceKindsNamed,
  sourceKindWords,
  type SourceKind,
  type SourceKindGroup,
  type SourceKindGroupName,
} from '#domain';
import type { SourceAccountability } from '#read-store';
import type { PageDefinition } from '../../web/page.decorator.js';
import { bragTag } from '../../web/web-views.js';
import { BRAG_ORDER, bragChart, type StatusWords } from './brag-chart.js';

export type AccountabilityAnswer = { groups: { kind: string; sources: SourceAccountability[] }[] };

/** The legend's and the table's words for each status: the tags' words. */
const STATUS_WORDS = Object.fromEntries(
  BRAG_ORDER.map((status) => [status, bragTag(status === 'unrated' ? null : status).text]),
) as StatusWords;

/** A plan's actions filtered to the source's group of kinds: where a person follows what was done. */
const planLink = (plan: { id: string; title: string }, group: SourceKindGroup) => ({
  title: plan.title,
  href: `/plans/${plan.id}?sourceKind=${group.name}`,
});

/**
 * One source as its row reads: the title linked to the newest plan its actions are in (filtered
 * to its group of kinds), the older plans named after it, its kind in words, and its actions by
 * status as tags (status null for "Not rated", as bragTag takes it).
 */
const sourceRow = (entry: SourceAccountability, group: SourceKindGroup) => {
  const [newest, ...older] = entry.plans.map((plan) => planLink(plan, group));
  return {
    ...entry,
    kindWords: sourceKindWords(entry.source.kind),
    href: newest?.href ?? null,
    alsoIn: older,
    statuses: BRAG_ORDER.map((status) => ({ status: status === 'unrated' ? null : status, count: entry.brag[status] })),
  };
};

/** The groups the page shows: every group unfiltered (an empty one says so), else those the filter names. */
function groupsShown(filter: string): SourceKindGroup[] {
  if (!filter) return [...SOURCE_KIND_GROUPS];
  const kinds = sourceKindsNamed(filter as SourceKindGroupName | SourceKind);
  return SOURCE_KIND_GROUPS.filter((group) => group.kinds.some((kind) => kinds.includes(kind)));
}

/** The filter's choices: the groups of kinds, and the one kind an address names when it names one (kind=research). */
function filterChoices(filter: string) {
  const choices = [
    { value: '', text: 'Every kind of source' },
    ...SOURCE_KIND_GROUPS.map(({ name, label }) => ({ value: name, text: label })),
  ];
  const oneKind = SOURCE_KIND_WORDS[filter as SourceKind];
  return oneKind ? [...choices, { value: filter, text: `${oneKind} only` }] : choices;
}

/**
 * The Sources page: accountability to each source, grouped as the committee reads it (Ofsted,
 * audits, case reviews, children and families, staff, the rest), each group with its table, a
 * chart of its sources' actions by status drawn on the server, and that chart's numbers as a table.
 */
export const getAccountabilityPage: PageDefinition<AccountabilityAnswer> = {
  template: 'sources/get-accountability/get-accountability.njk',
  view: (answer, request: Request) => {
    const filter = typeof request.query.kind === 'string' ? request.query.kind : '';
    const sources = answer.groups.flatMap((group) => group.sources);
    const groups = groupsShown(filter).map((group) => {
      const inGroup = sources.filter((entry) => (group.kinds as readonly string[]).includes(entry.source.kind));
      return {
        name: group.name,
        label: group.label,
        sources: inGroup.map((entry) => sourceRow(entry, group)),
        chart:
          inGroup.length > 0
            ? bragChart(
                inGroup.map((entry) => ({ id: entry.source.id, title: entry.source.title, brag: entry.brag })),
                STATUS_WORDS,
              )
            : null,
      };
    });
    const choices = filterChoices(filter);
    const filterLabel = filter ? (choices.find((choice) => choice.value === filter)?.text ?? null) : null;
    return {
      pageTitle: filterLabel ? `Sources: ${filterLabel}` : 'Sources',
      groups,
      bragColumns: BRAG_ORDER.map((status) => (status === 'unrated' ? null : status)),
      filter: { kind: filter, label: filterLabel, choices },
      shown: sources.length,
      breadcrumbs: [{ text: 'Plans', href: '/plans' }, { text: 'Sources' }],
    };
  },
};
