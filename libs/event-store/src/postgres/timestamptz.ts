import pg from 'pg';

const TIMESTAMPTZ = 1184;
const generalParser = pg.types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => Date;

/**
 * A timestamptz as a UTC session prints it ('2025-04-01 09:00:00.123+00') is an ISO time once its
 * space is a 'T' and its offset a 'Z', which V8 parses about twice as fast as pg's general parser
 * does with its regular expression; a rebuild parses two of them for each of a million events.
 * Anything else (another session time zone, years past 9999, BC) goes to pg's parser.
 */
export function parseTimestamptz(text: string): Date {
  const length = text.length;
  if (length >= 22 && length <= 29 && text.charCodeAt(10) === 32 && text.endsWith('+00')) {
    return new Date(`${text.slice(0, 10)}T${text.slice(11, length - 3)}Z`);
  }
  return generalParser(text);
}

/** pg's parsers, with the quicker timestamptz: for the queries that read events. */
export const eventRowTypes: { getTypeParser: typeof pg.types.getTypeParser } = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ && format !== 'binary'
      ? parseTimestamptz
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};
