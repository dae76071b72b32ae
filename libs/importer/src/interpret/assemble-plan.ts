import type { UnknownColumn } from '../layout/find-layout.js';
import type { Grid } from '../read/grid.js';
import type { SourceMention } from '../sources/recognise-source.js';
import type {
  ImportedAction,
  ImportedColumn,
  ImportedPlan,
  ImportedRecommendation,
  ImportedSource,
  ImportWarning,
  Origin,
  StatedDate,
} from './imported-plan.js';
import {
  ActionKeys,
  provisionalSourceKey,
  recommendationKey,
  resolveSourceKeys,
  SOURCE_NOT_NAMED_KEY,
} from './keys.js';
import type { readPlanDetails } from './plan-details.js';
import type { Warn } from './read-action.js';
import type { MentionRecord, RawAction, RawRecommendation } from './read-rows.js';

export type AssembleInput = {
  grid: Grid;
  sheetNames: string[];
  details: ReturnType<typeof readPlanDetails>;
  mentions: MentionRecord[];
  recommendations: RawRecommendation[];
  actions: RawAction[];
  warnings: ImportWarning[];
  unknownColumns: UnknownColumn[];
  columns: ImportedColumn[];
  warn: Warn;
  stated: StatedDate | null;
};

/** Second pass over what the rows gave: settle which mentions are one source, then give every recommendation and action its key. */
export function assemblePlan(input: AssembleInput): ImportedPlan {
  const { grid, details } = input;
  const sheetIndex = new Map(grid.sheets.map((sheet, i) => [sheet.name, i]));
  const isEarlier = (a: Origin, b: Origin): boolean =>
    a.sheet === b.sheet ? a.row < b.row : (sheetIndex.get(a.sheet) ?? 0) < (sheetIndex.get(b.sheet) ?? 0);
  const place = (cell: ImportWarning['cell']): number =>
    (sheetIndex.get(cell.sheet ?? '') ?? -1) * 1e9 + (cell.row ?? 0);
  const sources = new SettledSources(input.mentions, isEarlier);
  const recommendations = keyRecommendations(input.recommendations, sources, input.warn);
  const actions = keyActions(input.actions, sources, input.warn);
  return {
    file: grid.file,
    format: grid.format,
    sheets: input.sheetNames,
    plan: {
      title: details.title,
      periodStart: details.periodStart,
      periodEnd: details.periodEnd,
      owner: details.owner,
      board: details.board,
      reviewFrequency: details.reviewFrequency,
      details: details.details,
      notes: details.notes,
    },
    sources: [...sources.all()].sort((a, b) =>
      isEarlier(a.origin, b.origin) ? -1 : isEarlier(b.origin, a.origin) ? 1 : 0,
    ),
    recommendations,
    actions,
    warnings: input.warnings.sort((a, b) => place(a.cell) - place(b.cell)),
    unknownColumns: input.unknownColumns,
    stated: input.stated,
    modified: grid.modified ?? null,
    columns: input.columns,
  };
}

/**
 * The sources the workbook names, one per source however often and however fully it is named,
 * each at its first mention; and the source of what names none ("Source not named in the plan"),
 * once something needs it.
 */
class SettledSources {
  private readonly sources = new Map<string, ImportedSource>();
  private readonly resolved: Map<string, string>;

  constructor(mentions: MentionRecord[], isEarlier: (a: Origin, b: Origin) => boolean) {
    this.resolved = resolveSourceKeys(
      mentions.map((m) => ({ key: m.key, mention: m.mention, generic: m.mention.generic })),
    );
    // First the month-dated mentions (they give the fullest title), then the rest, each in row order.
    const ordered = [...mentions].sort((a, b) => Number(b.mention.month !== null) - Number(a.mention.month !== null));
    for (const m of ordered) {
      const key = this.keyOf(m.mention);
      const existing = this.sources.get(key);
      if (existing) {
        if (isEarlier(m.origin, existing.origin)) existing.origin = m.origin;
        continue;
      }
      const date =
        m.mention.year !== null && m.mention.month !== null
          ? `${m.mention.year}-${String(m.mention.month).padStart(2, '0')}-01`
          : null;
      this.sources.set(key, { key, kind: m.mention.kind, title: m.mention.title, date, origin: m.origin });
    }
  }

  keyOf(mention: SourceMention | null): string {
    if (!mention) return SOURCE_NOT_NAMED_KEY;
    const provisional = provisionalSourceKey(mention);
    return this.resolved.get(provisional) ?? provisional;
  }

  notNamed(origin: Origin): string {
    if (!this.sources.has(SOURCE_NOT_NAMED_KEY))
      this.sources.set(SOURCE_NOT_NAMED_KEY, {
        key: SOURCE_NOT_NAMED_KEY,
        kind: 'other',
        title: 'Source not named in the plan',
        date: null,
        origin,
      });
    return SOURCE_NOT_NAMED_KEY;
  }

  all(): IterableIterator<ImportedSource> {
    return this.sources.values();
  }
}

/** Each recommendation under its source, keyed; one written twice (same source, reference and words) is one. */
function keyRecommendations(
  recommendations: RawRecommendation[],
  sources: SettledSources,
  warn: Warn,
): ImportedRecommendation[] {
  const keyed = new Map<string, ImportedRecommendation>();
  for (const rec of recommendations) {
    let sourceKey = sources.keyOf(rec.mention);
    if (rec.mention === null) {
      sourceKey = sources.notNamed(rec.origin);
      warn(
        'SOURCE_NOT_NAMED',
        rec.origin.sheet,
        rec.origin.row,
        rec.origin.column,
        `${rec.origin.column}${rec.origin.row}: the need names no source and its section none; filed under "Source not named in the plan"`,
      );
    }
    const key = recommendationKey(sourceKey, rec.reference, rec.body);
    const existing = keyed.get(key);
    if (existing) {
      rec.final = existing;
      continue;
    }
    rec.final = {
      key,
      sourceKey,
      otherSourceKeys: [...new Set(rec.others.map((other) => sources.keyOf(other)))].filter((k) => k !== sourceKey),
      reference: rec.reference,
      text: rec.text,
      level: 'service',
      origin: rec.origin,
    };
    keyed.set(key, rec.final);
  }
  return [...keyed.values()];
}

/** Each action under its recommendation's source (or its section's), keyed within its recommendation or section. */
function keyActions(actions: RawAction[], sources: SettledSources, warn: Warn): ImportedAction[] {
  const keys = new ActionKeys();
  return actions.map((raw) => {
    const { recommendation, sectionMention, scope, ...action } = raw;
    const rec = recommendation?.final ?? null;
    let sourceKey = rec?.sourceKey ?? sources.keyOf(sectionMention);
    if (!rec && !sectionMention) {
      sourceKey = sources.notNamed(action.origin);
      warn(
        'SOURCE_NOT_NAMED',
        action.origin.sheet,
        action.origin.row,
        null,
        `row ${action.origin.row}: the action has no need above it and its section names no source; filed under "Source not named in the plan"`,
      );
    }
    const key = keys.next(rec ? rec.key.replace(/^rec:/, '') : scope, action.ref);
    return { key, sourceKey, recommendationKey: rec?.key ?? null, ...action };
  });
}
