import type { DataSource } from 'typeorm';

/** A recommendation as a form offers it to be answered: its source, how the source numbers it, its words. */
export interface RecommendationChoice {
  id: string;
  sourceId: string;
  reference: string | null;
  text: string;
}

/** Every recommendation, by source and reference: what a new action can answer. */
export async function recommendationChoices(db: DataSource): Promise<RecommendationChoice[]> {
  const rows: { recommendation_id: string; source_id: string; reference: string | null; text: string }[] =
    await db.query(
      'SELECT recommendation_id, source_id, reference, text FROM rm_recommendations ORDER BY source_id, reference NULLS LAST, recommendation_id',
    );
  return rows.map((row) => ({
    id: row.recommendation_id,
    sourceId: row.source_id,
    reference: row.reference,
    text: row.text,
  }));
}
