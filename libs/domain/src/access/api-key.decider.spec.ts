import { describe, expect, it } from '@jest/globals';
import { deciderSpec, NOW } from '../testing/decider-spec.js';
import { apiKeyDecider, type IssueApiKey } from './api-key.decider.js';
import type { ApiKeyIssued } from './api-key.events.js';

const spec = deciderSpec(apiKeyDecider);
const KEY_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

const issue = (data: Partial<IssueApiKey['data']> = {}): IssueApiKey => ({
  type: 'IssueApiKey',
  data: { keyId: KEY_ID, name: 'Quality assurance lead', role: 'auditor', expiresAt: null, ...data },
});
const issued = (data: Partial<ApiKeyIssued['data']> = {}): ApiKeyIssued => ({
  type: 'ApiKeyIssued',
  data: { keyId: KEY_ID, name: 'Quality assurance lead', role: 'auditor', expiresAt: null, ...data },
});
const revoke = { type: 'RevokeApiKey', data: { keyId: KEY_ID } } as const;

describe('API key decider', () => {
  it('issues a key, with its expiry as an instant in UTC', () => {
    expect(spec.given([]).when(issue({ expiresAt: '2024-09-30T17:00:00+01:00' }))).toEqual({
      events: [issued({ expiresAt: '2024-09-30T16:00:00.000Z' })],
    });
  });

  it('records the child-data permission only when given, so a key without it reads as one issued before it', () => {
    expect(spec.given([]).when(issue({ childData: true }))).toEqual({ events: [issued({ childData: true })] });
    const [plain] = (spec.given([]).when(issue({ childData: false })) as { events: ApiKeyIssued[] }).events;
    expect(plain!.data).not.toHaveProperty('childData');
  });

  it('refuses an expiry that is not in the future, naming the field', () => {
    expect(spec.given([]).when(issue({ expiresAt: NOW }))).toMatchObject({
      error: { code: 'INVALID', field: 'expiresAt' },
    });
    expect(spec.given([]).when(issue({ expiresAt: '30/09/2024' }))).toMatchObject({
      error: { code: 'INVALID', field: 'expiresAt' },
    });
  });

  it('refuses an unknown role and an empty name', () => {
    expect(spec.given([]).when(issue({ role: 'owner' as never }))).toMatchObject({ error: { field: 'role' } });
    expect(spec.given([]).when(issue({ name: '  ' }))).toMatchObject({ error: { field: 'name' } });
  });

  it('refuses to issue the same key twice', () => {
    expect(spec.given([issued()]).when(issue())).toMatchObject({ error: { code: 'ALREADY_EXISTS' } });
  });

  it('revokes a live key once: a second revocation records nothing', () => {
    const revoked = { type: 'ApiKeyRevoked', data: { keyId: KEY_ID } } as const;
    expect(spec.given([issued()]).when(revoke)).toEqual({ events: [revoked] });
    expect(spec.given([issued(), revoked]).when(revoke)).toEqual({ events: [] });
  });

  it('records the revocation of a key issued before keys were recorded', () => {
    expect(spec.given([]).when(revoke)).toEqual({ events: [{ type: 'ApiKeyRevoked', data: { keyId: KEY_ID } }] });
  });
});
