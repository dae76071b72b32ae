import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@nestjs/common';
import type { CalendarDays } from '#domain';
import type { Actor, EventStore } from '#event-store';
import { executeImport } from '#importer';

/** The two plans of the domain's story, rebuilt from the service's public committee papers. */
export const DEMO_WORKBOOKS = [
  'service-improvement-plan-2018-19.xlsx',
  'service-development-plan-2024-25.xlsx',
] as const;
const DEMO_ACTOR: Actor = { id: 'demo', name: 'Demo import', role: 'manager' };

/** The repository's `demo/` folder, found upwards from this file (sources under jest, dist/ when built). */
function demoFolder(): string | null {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'demo', DEMO_WORKBOOKS[0]))) return join(folder, 'demo');
    if (dirname(folder) === folder) return null;
  }
}

/**
 * On an empty embedded store, the demo plans, so that a newcomer sees real data at once. Never on
 * a store that holds anything (nor, by the caller, on PostgreSQL or EventStoreDB). A failure is
 * logged, not fatal: the service is still worth starting without its demo data.
 */
export async function importDemoPlans(store: EventStore, logger: Logger, calendar: CalendarDays): Promise<void> {
  if ((await store.headPosition()) > 0) return;
  const folder = demoFolder();
  if (folder === null) {
    logger.warn('Demo plans not found (the demo/ folder): starting with an empty store');
    return;
  }
  for (const file of DEMO_WORKBOOKS) {
    try {
      const { summary, outcome } = await executeImport(store, readFileSync(join(folder, file)), file, {
        actor: DEMO_ACTOR,
        calendar,
      });
      logger.log(
        `Demo: ${outcome === 'appended' ? 'imported' : outcome} ${file}: "${summary.plan.title}" (${summary.plan.periodStart} to ${summary.plan.periodEnd}, plan ${summary.plan.id}), ` +
          `${summary.actions.new.length} actions, ${summary.recommendations.new.length} recommendations, ${summary.comments.new} comments, ${summary.warnings.length} warnings`,
      );
    } catch (error) {
      logger.warn(`Demo: could not import ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
