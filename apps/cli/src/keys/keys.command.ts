import { ApiKeys, ROLES, type Role } from '#read-store';
import { EXIT, UsageError, withReadDatabase } from '../cli-context.js';
import { HelpRequested, parseCommandArgs } from '../command-args.js';

export const keysUsage = `oversight keys create --name <name> --role <${ROLES.join('|')}>
  Creates an API key and prints it once (only its hash is kept).
oversight keys list
  Lists keys: id, role, name, created, revoked.
oversight keys revoke <id>
  Revokes a key at once.`;

export async function keysCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': {
      const { values } = parseCommandArgs(rest, {
        command: 'keys create',
        usage: keysUsage,
        options: { name: { type: 'string' }, role: { type: 'string' } },
        valueNames: { name: '<name>', role: `<${ROLES.join('|')}>` },
      });
      const name = values.name?.trim();
      const role = values.role as Role | undefined;
      if (!name) throw new UsageError('keys create needs --name <name>');
      if (!role || !ROLES.includes(role)) throw new UsageError(`keys create needs --role, one of: ${ROLES.join(', ')}`);
      const issued = await withReadDatabase((database) => new ApiKeys(database).create(name, role));
      out.write(`Created ${issued.role} key ${issued.id} for "${issued.name}". It is shown only now:\n${issued.key}\n`);
      return EXIT.ok;
    }
    case 'list': {
      parseCommandArgs(rest, { command: 'keys list', usage: keysUsage, options: {} });
      const keys = await withReadDatabase((database) => new ApiKeys(database).list());
      for (const key of keys) {
        out.write(
          `${key.id}  ${key.role.padEnd(9)}  ${key.createdAt.toISOString()}  ${key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'live'}  ${key.name}\n`,
        );
      }
      if (keys.length === 0) out.write('No keys yet: oversight keys create --name <name> --role <role>\n');
      return EXIT.ok;
    }
    case 'revoke': {
      const { positionals } = parseCommandArgs(rest, {
        command: 'keys revoke',
        usage: keysUsage,
        options: {},
        allowPositionals: true,
      });
      if (positionals.length !== 1) throw new UsageError('keys revoke takes one key id (see oversight keys list)');
      const revoked = await withReadDatabase((database) => new ApiKeys(database).revoke(positionals[0]!));
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
