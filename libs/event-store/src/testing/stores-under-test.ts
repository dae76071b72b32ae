/** The two kinds of PostgreSQL a spec can run on: the embedded store (PGlite) and a server. */
export type StoreKind = 'embedded' | 'postgres';

const KINDS: readonly StoreKind[] = ['embedded', 'postgres'];

/**
 * Why the specs on a kind of store are skipped in this run, or null when they run. The embedded
 * store runs everywhere; the server needs DATABASE_URL. TEST_STORES (a comma list of kinds)
 * narrows a run to the kinds it names: CI's pass on the server sets `postgres`, because its pass
 * on the embedded store has already run every embedded case, and running them again proves
 * nothing new. A kind it does not know is an error, so a misspelt setting cannot skip everything.
 */
export function storeSkipReason(kind: StoreKind, env: NodeJS.ProcessEnv = process.env): string | null {
  const named = (env.TEST_STORES ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = named.filter((name) => !KINDS.includes(name as StoreKind));
  if (unknown.length > 0)
    throw new Error(`TEST_STORES names ${unknown.join(', ')}: the kinds of store are ${KINDS.join(' and ')}`);
  if (named.length > 0 && !named.includes(kind)) return `TEST_STORES=${env.TEST_STORES} leaves the ${kind} store out`;
  if (kind === 'postgres' && !env.DATABASE_URL) return 'DATABASE_URL is not set (CI sets it to the local server)';
  return null;
}

/** Each kind of store with why it is skipped in this run (null when it runs), for specs that run once on each. */
export function storeKindsUnderTest(
  env: NodeJS.ProcessEnv = process.env,
): { kind: StoreKind; skipReason: string | null }[] {
  return KINDS.map((kind) => ({ kind, skipReason: storeSkipReason(kind, env) }));
}
