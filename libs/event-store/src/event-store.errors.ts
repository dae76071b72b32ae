import type { ExpectedRevision } from './event-store.port.js';

/** The one error a stale expected revision raises; the API turns it into 409. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or null when the stream does not exist. */
    readonly actual: number | null,
  ) {
    super(
      `Stream ${streamId}: expected revision ${String(expected)}, but it is ${actual === null ? 'absent' : actual}`,
    );
  }
}

/** An effectiveAt later than the time the store records the event. */
export class EffectiveTimeInFutureError extends Error {
  override readonly name = 'EffectiveTimeInFutureError';
  constructor(
    readonly effectiveAt: Date,
    readonly recordedAt: Date,
  ) {
    super(
      `effectiveAt ${effectiveAt.toISOString()} is after the recorded time ${recordedAt.toISOString()}: a change cannot take effect in the future`,
    );
  }
}

/** Input the store cannot keep faithfully (not JSON, NUL characters, an empty batch...). */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}
