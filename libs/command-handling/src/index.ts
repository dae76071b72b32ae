/**
 * Command handling, framework-free: streams loaded and kept folded (FoldedStreams), a command
 * decided with a given clock and appended at the revision it was decided on, a repeated command
 * answered as the first was (CommandExecutor); many commands on many streams decided at one
 * moment and written in one append (StreamBatch, appendBatch). The API's handlers and the
 * benchmarks issue commands through it; the importer loads, decides and writes through it.
 */
export { decideContext, systemClock, type Clock } from './clock.js';
export { FoldedStreams, type AnyEvent, type FoldedStream, type WrittenCommand } from './folded-streams.js';
export {
  CommandExecutor,
  appendBatch,
  type BatchContext,
  type BatchResult,
  type CommandContext,
  type Decision,
  type WriteResult,
} from './command-executor.js';
export { KeyEvents } from './key-events.js';
export { StreamBatch, PendingStream, type AsOf, type LoadedStream } from './stream-batch.js';
export { redactText, type RedactTextRequest } from './redact-text.js';
