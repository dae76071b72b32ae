import { cleanText } from './text.js';

/**
 * Owner codes as one spelling: Cyrillic "СР" typed for Latin "CP" is the same person; "hos",
 * "HOS" and "HoS" are the Head of Service; "RG/JH//SA" lists RG, JH and SA. Names and roles
 * written out ("Head of Service", "EH lead") keep their words. Null for an empty cell or a
 * stray ":" left in it.
 */
const ROLES: Record<string, string> = {
  hos: 'HoS',
  dtm: 'DTM',
  vsh: 'VSH',
  iro: 'IRO',
  dlt: 'DLT',
  csmt: 'CSMT',
  sm: 'SM',
  tm: 'TM',
  ad: 'AD',
  eh: 'EH',
  csc: 'CSC',
};

export function normaliseOwner(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = cleanText(value).replace(/^[\s:;,.-]+|[\s:;,.-]+$/g, '');
  if (text === '') return null;
  const parts = text
    .split(/\s*\/+\s*/)
    .filter(Boolean)
    .map(normalisePart);
  return parts.join('/');
}

function normalisePart(part: string): string {
  return part
    .split(' ')
    .map((word) => {
      const role = ROLES[word.toLowerCase()];
      if (role) return role;
      // Initials (RG, JH, RdP) are codes: upper-case them unless they mix case on purpose.
      if (
        /^[a-z]{1,3}$/i.test(word) &&
        (word === word.toLowerCase() || word === word.toUpperCase()) &&
        part.split(' ').length === 1
      )
        return word.toUpperCase();
      return word;
    })
    .join(' ');
}
