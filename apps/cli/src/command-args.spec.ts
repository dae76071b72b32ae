import { describe, expect, it } from '@jest/globals';
import { UsageError } from './cli-context.js';
import { HelpRequested, parseCommandArgs } from './command-args.js';

const IMPORT = {
  command: 'import',
  usage: 'oversight import <file>',
  options: {
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
    as: { type: 'string' },
    map: { type: 'string', multiple: true },
  },
  valueNames: { as: '<name>', map: '<header=field>' },
  allowPositionals: true,
} as const;

const refusal = (args: string[], spec: Parameters<typeof parseCommandArgs>[1] = IMPORT): string => {
  try {
    parseCommandArgs(args, spec);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`${args.join(' ')} was accepted`);
};

describe('parseCommandArgs', () => {
  it('reads options, repeated ones as lists, and positionals', () => {
    expect(
      parseCommandArgs(['plan.xlsx', '--dry-run', '--map', 'Notes=comments', '--map=Why=need', '--as', 'R T'], IMPORT),
    ).toEqual({
      values: { 'dry-run': true, map: ['Notes=comments', 'Why=need'], as: 'R T' },
      positionals: ['plan.xlsx'],
    });
  });

  it('asks for the usage on --help or -h anywhere before "--", whatever else is there', () => {
    for (const args of [['--help'], ['-h'], ['plan.xlsx', '--dryrun', '--help'], ['--as', 'x', '-h']])
      expect(() => parseCommandArgs(args, IMPORT)).toThrow(HelpRequested);
    expect(parseCommandArgs(['--', '--help'], IMPORT).positionals).toEqual(['--help']);
  });

  it('refuses an unknown option naming the options, with the nearest one when one is near, then the usage', () => {
    expect(refusal(['plan.xlsx', '--dryrun'])).toBe(
      "Unknown option '--dryrun' for import. Its options: --dry-run, --json, --as <name>, --map <header=field>. Did you mean --dry-run?\n\noversight import <file>",
    );
    expect(refusal(['--jsn'])).toMatch(/Did you mean --json\?/);
    expect(refusal(['--mapping=x'])).toMatch(/^Unknown option '--mapping=x' for import\..* Did you mean --map\?/);
    expect(refusal(['--verbose'])).not.toMatch(/Did you mean/);
    expect(refusal(['-x'])).toMatch(/^Unknown option '-x' for import\. Its options:/);
    expect(refusal(['--all'], { command: 'verify', usage: 'oversight verify', options: {} })).toBe(
      "Unknown option '--all' for verify: it takes no options.\n\noversight verify",
    );
  });

  it("takes what follows a string option as its value, even when it starts with '-', and says when the value is missing", () => {
    expect(parseCommandArgs(['--as=-dash-', 'plan.xlsx'], IMPORT).values.as).toBe('-dash-');
    expect(refusal(['plan.xlsx', '--as'])).toMatch(
      /^Option '--as <value>' argument missing\n\noversight import <file>$/,
    );
  });
});
