import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { sourceDecider, sourceStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { RegisterSourceCommand } from './register-source.command.js';

@CommandHandler(RegisterSourceCommand)
export class RegisterSourceHandler implements ICommandHandler<RegisterSourceCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ request, context }: RegisterSourceCommand) {
    const sourceId = context.newId('source');
    const { kind, title, date } = request;
    return this.commands.execute(
      sourceDecider,
      {
        streamId: sourceStreamId(sourceId),
        id: sourceId,
        expectedRevision: 'new',
        command: { type: 'RegisterSource', data: { sourceId, kind, title, date: date ?? null } },
      },
      context,
    );
  }
}
