import type { Actor } from '#event-store';

/** Who issues a command, and how a retry of the same command is recognised. */
export interface CommandContext {
  actor: Actor;
  /** The event store appends a command id once: a racing retry of one request appends nothing. */
  commandId: string | null;
  correlationId: string;
  /** Where the command came from, as every event records it: 'api' unless said. */
  origin?: string;
}

/** What every command answers: the stream's revision (the new ETag) and the last event's position. */
export interface WriteResult {
  id: string;
  revision: number;
  /** Global position of the last event appended; null when the command changed nothing. */
  position: number | null;
  /** Types of the events appended, in order; empty when nothing changed. */
  events: string[];
}

export interface Decision<Command> {
  streamId: string;
  /** The id the answer names (the action, the source...). */
  id: string;
  command: Command;
  /** The revision the caller last read (If-Match), or 'new' for a creation. */
  expectedRevision: number | 'new';
  reason?: string | null;
  effectiveAt?: string;
}

/** Who issues a batch and under which command id; its correlation id is the store's to give when none is. */
export type BatchContext = Omit<CommandContext, 'correlationId'> & { correlationId?: string };
