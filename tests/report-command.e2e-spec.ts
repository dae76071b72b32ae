import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { FIXTURES } from '../libs/importer/src/write/testing/workbook-versions.js';
import { runOversight } from './support/programs.js';
import { createRunStore, type RunStore } from './support/run-store.js';

const fixture = (name: string) => join(process.cwd(), 'tests', 'fixtures', name);

/** `oversight report`: the committee report to a file, and --verify of a file against the store, with the service not running. */
describe('oversight report', () => {
  let runStore: RunStore;
  let workDir: string;
  let planId: string;
  let asAt: string;
  beforeAll(async () => {
    runStore = await createRunStore();
    workDir = mkdtempSync(join(tmpdir(), 'oversight-report-'));
    const imported = await runOversight(['import', fixture(FIXTURES.sip2018), '--json'], runStore.env);
    expect(imported.code).toBe(0);
    planId = JSON.parse(imported.stdout).summary.plan.id;
    asAt = new Date().toISOString();
  }, 120_000);
  afterAll(async () => {
    await runStore?.dispose();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('writes the Word report for a period as at a moment, and --verify says its figures still match', async () => {
    const out = join(workDir, 'q4.docx');
    const written = await runOversight(
      ['report', planId, '--from', '2019-01-01', '--to', '2019-03-31', '--as-at', asAt, '--out', out],
      runStore.env,
    );
    expect(written).toMatchObject({ code: 0, stderr: '' });
    expect(written.stdout).toMatch(
      new RegExp(
        `^Wrote the committee report of "Children & Families Service Improvement Plan" for 1 January to 31 March 2019, as at ${asAt.replace(/\./g, '\\.')} \\(event store position \\d+, SHA-256 [0-9a-f]{64}\\), to ${out}\\n$`,
      ),
    );
    const text = (await mammoth.extractRawText({ buffer: readFileSync(out) })).value;
    expect(text).toContain('Children & Families Service Improvement Plan');
    expect(text).toContain('Key achievements in the period');

    const verified = await runOversight(['report', '--verify', out], runStore.env);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toMatch(
      /still matches: computed again at event store position \d+, SHA-256 [0-9a-f]{64}\.\n$/,
    );
  }, 120_000);

  it('--verify of a copy whose figures were changed says they do not match (exit 1)', async () => {
    const out = join(workDir, 'q4.json');
    const written = await runOversight(
      [
        'report',
        planId,
        '--from',
        '2019-01-01',
        '--to',
        '2019-03-31',
        '--as-at',
        asAt,
        '--format',
        'json',
        '--out',
        out,
      ],
      runStore.env,
    );
    expect(written.code).toBe(0);
    const content = JSON.parse(readFileSync(out, 'utf8'));
    // A copy claiming another hash: what a report edited after it was produced would carry.
    writeFileSync(out, JSON.stringify({ ...content, sha256: 'f'.repeat(64) }));
    const verified = await runOversight(['report', '--verify', out], runStore.env);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('does NOT match');
    expect(verified.stdout).toContain(content.sha256);
  }, 120_000);

  it('refuses a period that ends before it starts, naming both (exit 2)', async () => {
    const result = await runOversight(['report', planId, '--from', '2019-03-31', '--to', '2019-01-01'], runStore.env);
    expect(result).toMatchObject({ code: 2, stderr: '--from (2019-03-31) must be before --to (2019-01-01)\n' });
  });
});
