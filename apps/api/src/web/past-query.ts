import type { AsItStoodQueryDto } from '../http/read-query.dto.js';

/**
 * The moment a past view looks from, as a query string to put on its links ('?asOf=2018-12-31'),
 * so that what they open stands as it did then too; '' in the present.
 */
export const pastQuery = ({ asOf, asAt }: Pick<AsItStoodQueryDto, 'asOf' | 'asAt'>): string => {
  const params = new URLSearchParams({ ...(asOf ? { asOf } : {}), ...(asAt ? { asAt } : {}) }).toString();
  return params ? `?${params}` : '';
};
