/**
 * Command handling, framework-free: streams loaded and kept folded (FoldedStreams), a command
 * decided with a given clock and appended at the revision it was decided on, a repeated command
 * answered as the first was (CommandExecutor). The API's handlers and the benchmarks issue
 * commands through it, and the importer loads the streams it decides on through it.
 */
export { systemClock, todayOf, type Clock } from './clock.js';
export { FoldedStreams, type AnyEvent, type FoldedStream, type WrittenCommand } from './folded-streams.js';
export { CommandExecutor, type CommandContext, type Decision, type WriteResult } from './command-executor.js';
