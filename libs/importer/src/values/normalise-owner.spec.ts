import { describe, expect, it } from '@jest/globals';
import { normaliseOwner } from './normalise-owner.js';

describe('normaliseOwner', () => {
  it('makes Cyrillic "СР" and Latin "CP" one owner', () => {
    const cyrillic = '\u0421\u0420';
    expect(cyrillic).not.toBe('CP');
    expect(normaliseOwner(cyrillic)).toBe('CP');
    expect(normaliseOwner('CP')).toBe('CP');
  });

  it.each([
    ['hos', 'HoS'],
    ['HOS', 'HoS'],
    ['HoS', 'HoS'],
    ['hos & management team', 'HoS & management team'],
    ['RG/JH//SA', 'RG/JH/SA'],
    ['rg / jh', 'RG/JH'],
    ['RdP', 'RdP'],
    ['Head of Service', 'Head of Service'],
    ['EH lead', 'EH lead'],
  ])('%j → %j', (raw, owner) => {
    expect(normaliseOwner(raw)).toBe(owner);
  });

  it('has no owner for an empty cell or a stray colon', () => {
    expect(normaliseOwner('')).toBeNull();
    expect(normaliseOwner(' : ')).toBeNull();
    expect(normaliseOwner(null)).toBeNull();
  });
});
