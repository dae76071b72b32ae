import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpretPlan, readWorkbook } from '#importer';
import { FIXTURES } from '../libs/importer/src/write/testing/workbook-versions.js';
import { runOversight } from './support/programs.js';
import { createRunStore, type RunStore } from './support/run-store.js';

const fixture = (name: string) => join(process.cwd(), 'tests', 'fixtures', name);

/** `oversight export`: the same workbook as the API's, written to a file, on a store the service is not running on. */
describe('oversight export', () => {
  let runStore: RunStore;
  let workDir: string;
  let planId: string;
  beforeAll(async () => {
    runStore = await createRunStore();
    workDir = mkdtempSync(join(tmpdir(), 'oversight-export-'));
    // Imported by the CLI too: nothing has projected it, so the export must bring the read models up first.
    const imported = await runOversight(['import', fixture(FIXTURES.sip2018), '--json'], runStore.env);
    expect(imported.code).toBe(0);
    planId = JSON.parse(imported.stdout).summary.plan.id;
  }, 120_000);
  afterAll(async () => {
    await runStore?.dispose();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('writes the plan to a file named after it in the current directory and says where; the file reads back as the same plan', async () => {
    const result = await runOversight(['export', planId], runStore.env, workDir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const path = join(workDir, 'Children & Families Service Improvement Plan.xlsx');
    expect(result.stdout).toBe(`Wrote "Children & Families Service Improvement Plan", 67 actions, to ${path}\n`);
    const original = interpretPlan(await readWorkbook(readFileSync(fixture(FIXTURES.sip2018)), FIXTURES.sip2018));
    const exported = interpretPlan(await readWorkbook(readFileSync(path), 'export.xlsx'));
    expect(exported.plan.title).toBe(original.plan.title);
    expect(exported.actions.map((action) => action.key)).toEqual(original.actions.map((action) => action.key));
  }, 120_000);

  it('writes the plan as it stood to --out, saying the day', async () => {
    const out = join(workDir, 'january.xlsx');
    const result = await runOversight(['export', planId, '--as-of', '2019-01-31', '--out', out], runStore.env);
    expect(result).toMatchObject({
      code: 0,
      stdout: `Wrote "Children & Families Service Improvement Plan" as it stood on 2019-01-31, 67 actions, to ${out}\n`,
    });
    const grid = await readWorkbook(readFileSync(out), 'january.xlsx');
    expect(grid.sheets[0]!.rows.flatMap((row) => row.cells.map((cell) => cell.value))).toContainEqual({
      kind: 'text',
      text: 'As at 31 January 2019',
    });
  }, 120_000);

  it('refuses a plan it does not know (exit 1), an id that is not one and a bad --as-of (exit 2), writing nothing', async () => {
    const before = readdirSync(workDir).length;
    expect(await runOversight(['export', '00000000-0000-4000-8000-000000000000'], runStore.env, workDir)).toMatchObject(
      { code: 1, stderr: 'No such plan: 00000000-0000-4000-8000-000000000000\n' },
    );
    expect(await runOversight(['export', 'Service Development Plan'], runStore.env, workDir)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("export takes a plan's id"),
    });
    expect(await runOversight(['export', planId, '--as-of', '31/01/2019'], runStore.env, workDir)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--as-of must be a day'),
    });
    expect(readdirSync(workDir).length).toBe(before);
  }, 120_000);
});
