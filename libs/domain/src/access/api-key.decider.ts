import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { instant, isIsoDateTime, requireOneOf, requireText, type DecideContext } from '../values.js';
import { KEY_ROLES, type ApiKeyEvent, type ApiKeyIssued } from './api-key.events.js';

export type IssueApiKey = { type: 'IssueApiKey'; data: ApiKeyIssued['data'] };
export type RevokeApiKey = { type: 'RevokeApiKey'; data: { keyId: string } };
export type ApiKeyCommand = IssueApiKey | RevokeApiKey;

/**
 * What the record says of a key. `unrecorded`: no event names it, which is also the state of a key
 * issued before keys were recorded as events (it is in the keys table only).
 */
export type ApiKeyState =
  { status: 'unrecorded' } | { status: 'live' | 'revoked'; keyId: string; role: ApiKeyIssued['data']['role'] | null };
export const initialApiKeyState: ApiKeyState = { status: 'unrecorded' };

export function decideApiKey(command: ApiKeyCommand, state: ApiKeyState, context: DecideContext): ApiKeyEvent[] {
  switch (command.type) {
    case 'IssueApiKey': {
      const { keyId, name, role, expiresAt, childData } = command.data;
      if (state.status !== 'unrecorded')
        throw new DomainError('ALREADY_EXISTS', `key ${keyId} is already issued`, 'keyId');
      if (expiresAt !== null) {
        if (!isIsoDateTime(expiresAt))
          throw new DomainError('INVALID', 'expiresAt must be a date and time with its offset', 'expiresAt');
        // A key that has expired when it is given opens nothing: a mistake, not a key.
        if (instant(expiresAt) <= instant(context.now))
          throw new DomainError('INVALID', 'expiresAt must be in the future', 'expiresAt');
      }
      return [
        {
          type: 'ApiKeyIssued',
          data: {
            keyId: requireText(keyId, 'keyId'),
            name: requireText(name, 'name'),
            role: requireOneOf(role, KEY_ROLES, 'role'),
            expiresAt: expiresAt === null ? null : new Date(instant(expiresAt)).toISOString(),
            // Recorded only when given, so a key without it reads as every key issued before it.
            ...(childData ? { childData: true } : {}),
          },
        },
      ];
    }
    case 'RevokeApiKey':
      // Revoking twice records nothing more. A key issued before keys were recorded is revoked on
      // the record all the same: its stream then starts with the revocation, which is the truth.
      if (state.status === 'revoked') return [];
      return [{ type: 'ApiKeyRevoked', data: { keyId: requireText(command.data.keyId, 'keyId') } }];
    default: {
      const _exhaustive: never = command;
      throw new DomainError('INVALID', 'unknown command');
    }
  }
}

export function evolveApiKey(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  switch (event.type) {
    case 'ApiKeyIssued':
      return { status: 'live', keyId: event.data.keyId, role: event.data.role };
    case 'ApiKeyRevoked':
      return { status: 'revoked', keyId: event.data.keyId, role: state.status === 'unrecorded' ? null : state.role };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = {
  decide: decideApiKey,
  evolve: evolveApiKey,
  initialState: initialApiKeyState,
};
