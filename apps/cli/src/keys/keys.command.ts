import { userInfo } from 'node:os';
import { CommandExecutor, FoldedStreams, KeyEvents, systemClock } from '#command-handling';
import { isIsoDate, isIsoDateTime, type CalendarDays } from '#domain';
import type { ConnectedEventStore } from '#event-store';
import { ApiKeys, ROLES, type KeyChange, type Role } from '#read-store';
import type { DataSource } from 'typeorm';
import { configuredCalendar, EXIT, UsageError, withReadDatabase } from '../cli-context.js';
import { HelpRequested, parseCommandArgs } from '../command-args.js';

export const keysUsage = `oversight keys create --name <name> --role <${ROLES.join('|')}> [--expires <day or time>] [--child-data] [--reason "<why>"] [--as <your name>]
  Creates an API key and prints it once (only its hash is kept). With --expires 2027-03-31 it
  opens nothing after that day ends in TIME_ZONE (England by default); a time with its offset is
  taken as it is. With --child-data the key may read child-level records' words (an admin's
  always may); every read of them is logged (GET /access-log).
oversight keys list
  Lists keys: id, role, child-data (may read child-level words), created, live, revoked or
  expired, name.
oversight keys revoke <id> --reason "<why>" [--as <your name>]
  Revokes a key at once.
Every key given and revoked is recorded as an event (who, when, why), which the audit log shows.`;

/** The longest reason kept, as for every other command. */
const MAX_REASON = 2_000;

/** An ApiKeys that records each key given and taken away in the event store, as the service's does. */
function recordedKeys(database: DataSource, { store }: ConnectedEventStore): ApiKeys {
  const streams = new FoldedStreams(store, 10);
  return new ApiKeys(database, new KeyEvents(new CommandExecutor(store, streams, systemClock), streams));
}

/** Who runs the command (--as, or the operating system's user name) and why. */
function changeBy(values: { as?: string; reason?: string }): KeyChange {
  const name = values.as?.trim() || userInfo().username;
  const reason = values.reason?.trim() || null;
  if (reason !== null && reason.length > MAX_REASON) throw new UsageError('--reason is at most 2,000 characters');
  return { actor: { id: 'cli', name, role: 'admin' }, reason, origin: 'cli' };
}

/**
 * When a key given "until" a day or time stops: a bare day lasts to its end in the service's
 * zone (TIME_ZONE; in London, midnight is 00:00 UTC in winter and 23:00 UTC the day before in summer).
 */
export function expiryOf(text: string, calendar: CalendarDays): Date {
  if (isIsoDateTime(text)) return new Date(text);
  if (!isIsoDate(text))
    throw new UsageError(`--expires must be a day (YYYY-MM-DD) or a time with its offset, got "${text}"`);
  return calendar.startOfNext(text);
}

export async function keysCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values } = parseCommandArgs(rest, {
        command: 'keys create',
        usage: keysUsage,
        options: {
          name: { type: 'string' },
          role: { type: 'string' },
          expires: { type: 'string' },
          'child-data': { type: 'boolean' },
          reason: { type: 'string' },
          as: { type: 'string' },
        },
        valueNames: {
          name: '<name>',
          role: `<${ROLES.join('|')}>`,
          expires: '<day or time>',
          reason: '"<why>"',
          as: '<your name>',
        },
      });
      const name = values.name?.trim();
      const role = values.role as Role | undefined;
      if (!name) throw new UsageError('keys create needs --name <name>');
      if (!role || !ROLES.includes(role)) throw new UsageError(`keys create needs --role, one of: ${ROLES.join(', ')}`);
      const expiresAt = values.expires === undefined ? null : expiryOf(values.expires.trim(), configuredCalendar());
      if (expiresAt !== null && expiresAt.getTime() <= Date.now())
        throw new UsageError(`--expires ${values.expires} has passed: a key must expire in the future`);
      const change = changeBy(values);
      const issued = await withReadDatabase((database, connected) =>
        recordedKeys(database, connected).create(name, role, change, expiresAt, values['child-data'] === true),
      );
      const until = issued.expiresAt ? ` until ${issued.expiresAt.toISOString()}` : '';
      const reads = issued.childData ? ' (may read child-level words)' : '';
      out.write(
        `Created ${issued.role} key ${issued.id} for "${issued.name}"${until}${reads}. It is shown only now:\n${issued.key}\n`,
      );
      return EXIT.ok;
    }
    case 'list': {
      parseCommandArgs(rest, { command: 'keys list', usage: keysUsage, options: {} });
      const keys = await withReadDatabase((database, connected) => recordedKeys(database, connected).list());
      const now = Date.now();
      for (const key of keys) {
        const state = key.revokedAt
          ? `revoked ${key.revokedAt.toISOString()}`
          : key.expiresAt && key.expiresAt.getTime() <= now
            ? `expired ${key.expiresAt.toISOString()}`
            : key.expiresAt
              ? `live until ${key.expiresAt.toISOString()}`
              : 'live';
        const words = key.childData || key.role === 'admin' ? 'child-data' : '          ';
        out.write(
          `${key.id}  ${key.role.padEnd(9)}  ${words}  ${key.createdAt.toISOString()}  ${state}  ${key.name}\n`,
        );
      }
      if (keys.length === 0) out.write('No keys yet: oversight keys create --name <name> --role <role>\n');
      return EXIT.ok;
    }
    case 'revoke': {
      const { values, positionals } = parseCommandArgs(rest, {
        command: 'keys revoke',
        usage: keysUsage,
        options: { reason: { type: 'string' }, as: { type: 'string' } },
        valueNames: { reason: '"<why>"', as: '<your name>' },
        allowPositionals: true,
      });
      if (positionals.length !== 1) throw new UsageError('keys revoke takes one key id (see oversight keys list)');
      if (!values.reason?.trim()) throw new UsageError('keys revoke needs --reason "<why>": the record of it keeps it');
      const change = changeBy(values);
      const revoked = await withReadDatabase((database, connected) =>
        recordedKeys(database, connected).revoke(positionals[0]!, change),
      );
      if (!revoked) throw new UsageError(`No live key with id ${positionals[0]}`);
      out.write(`Revoked key ${positionals[0]}\n`);
      return EXIT.ok;
    }
    case '--help':
    case '-h':
      throw new HelpRequested(keysUsage);
    default:
      throw new UsageError(`Unknown keys action: ${action ?? '(none)'}\n\n${keysUsage}`);
  }
}
