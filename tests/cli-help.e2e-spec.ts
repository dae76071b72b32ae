import { describe, expect, it } from '@jest/globals';
import { runOversight } from './support/programs.js';

/** Help and option mistakes are answered before any store is opened: no settings needed. */
describe('oversight <command> --help, and options it does not know', () => {
  it.each(['verify', 'checkpoints', 'keys', 'project', 'rebuild', 'import', 'report', 'recommendations', 'retention'])(
    '%s --help and -h print its usage and exit 0',
    async (command) => {
      for (const flag of ['--help', '-h']) {
        const result = await runOversight([command, flag], {});
        expect({ flag, code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
          flag,
          code: 0,
          stdout: expect.stringMatching(new RegExp(`^oversight ${command}\\b`)),
          stderr: '',
        });
      }
    },
  );

  it('prints the same usage for "oversight help <command>", and the help of an action (keys create --help)', async () => {
    const [byFlag, byHelp, ofAction] = await Promise.all([
      runOversight(['import', '--help'], {}),
      runOversight(['help', 'import'], {}),
      runOversight(['keys', 'create', '--help'], {}),
    ]);
    expect(byHelp).toEqual(byFlag);
    expect(byFlag.stdout).toContain('--map "<header>=<field>"');
    expect(byFlag.stdout).toContain('--ignore-column "<header>"');
    expect(byFlag.stdout).toContain('--as-of <date>');
    expect(ofAction).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^oversight keys create --name <name> --role/),
    });
  });

  it("refuses an option it does not know with exit code 2, naming the command's options and the nearest one", async () => {
    const dryrun = await runOversight(['import', 'plan.xlsx', '--dryrun'], {});
    expect(dryrun.code).toBe(2);
    expect(dryrun.stderr).toMatch(
      /^Unknown option '--dryrun' for import\. Its options: --dry-run, --json, --as <name>, (?:.*, )?--map <header=field>, --ignore-column <header>, --refuse-match <match-id>\. Did you mean --dry-run\?\n\noversight import <file>/,
    );
    const keys = await runOversight(['keys', 'create', '--nme', 'x', '--role', 'manager'], {});
    expect({ code: keys.code, stderr: keys.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(
        /^Unknown option '--nme' for keys create\. Its options: --name <name>, --role <[a-z|]+>, --expires <day or time>, --child-data, --reason "<why>", --as <your name>\. Did you mean --name\?/,
      ),
    });
    const verify = await runOversight(['verify', '--all'], {});
    expect({ code: verify.code, stderr: verify.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(
        /^Unknown option '--all' for verify\. Its options: --checkpoints <dir>, --public-key <file>, --read-models\./,
      ),
    });
  });
});
