import { describe, expect, it } from '@jest/globals';
import { parseComments } from './parse-comments.js';

const SIP_2018_19 = { start: '2018-05-01', end: '2019-04-30' };
const SDP_2024_25 = { start: '2024-04-01', end: '2025-03-31' };
const dates = (text: string, period = SIP_2018_19) => parseComments(text, period).map((c) => [c.effectiveDate, c.text]);

describe('parseComments', () => {
  it('puts a month without a year inside the plan period', () => {
    expect(dates('January: Multi Agency audits in January 2019.')).toEqual([
      ['2019-01-01', 'January: Multi Agency audits in January 2019.'],
    ]);
    expect(dates('August: the CiCC reviewed the Pledge in August.')).toEqual([
      ['2018-08-01', 'August: the CiCC reviewed the Pledge in August.'],
    ]);
    expect(dates('January: done', SDP_2024_25)).toEqual([['2025-01-01', 'January: done']]);
    expect(dates('April: done', SDP_2024_25)).toEqual([['2024-04-01', 'April: done']]);
  });

  it('splits a cell that holds several dated comments', () => {
    expect(dates('August - This has been taken to EH subgroup. January: early help audits show strong work.')).toEqual([
      ['2018-08-01', 'August - This has been taken to EH subgroup.'],
      ['2019-01-01', 'January: early help audits show strong work.'],
    ]);
    expect(
      dates('June 2018: Explanatory notes have been produced. January . A one page health audit was prepared.'),
    ).toEqual([
      ['2018-06-01', 'June 2018: Explanatory notes have been produced.'],
      ['2019-01-01', 'January . A one page health audit was prepared.'],
    ]);
  });

  it('reads "May 2018:", "15/04/24 - ", "Jan 2022:" and "January." markers', () => {
    expect(dates('May 2018: All SW staff now have outcomes.')[0][0]).toBe('2018-05-01');
    expect(dates('15/04/24 - The Red Cross is used regularly.')[0][0]).toBe('2024-04-15');
    expect(dates('Jan 2022: TOM complete.')[0][0]).toBe('2022-01-01');
    expect(dates('January. New Child in Need process has been submitted.')[0][0]).toBe('2019-01-01');
  });

  it('gives "UPDATE:" and unmarked text no date, and keeps unmarked text before the first marker', () => {
    expect(parseComments('UPDATE:Ofsted focus visit evidences good oversight.', SIP_2018_19)).toEqual([
      {
        text: 'UPDATE:Ofsted focus visit evidences good oversight.',
        effectiveDate: null,
        precision: null,
        needsPeriod: false,
      },
    ]);
    expect(dates('Service Manager held a session. January: No issues raised.')).toEqual([
      [null, 'Service Manager held a session.'],
      ['2019-01-01', 'January: No issues raised.'],
    ]);
  });

  it('does not split at a month inside a sentence or a month that opens ordinary words', () => {
    expect(dates('Training took place in September 2018. January-March chairing is independent.')).toHaveLength(1);
    expect(dates('Reviews between Jan-March to improve planning.')).toHaveLength(1);
  });

  it('splits on new lines as well', () => {
    expect(dates('August: one\nJanuary: two')).toEqual([
      ['2018-08-01', 'August: one'],
      ['2019-01-01', 'January: two'],
    ]);
  });

  it('says when a month alone cannot be placed because the period is unknown', () => {
    expect(parseComments('January: something', null)).toEqual([
      { text: 'January: something', effectiveDate: null, precision: null, needsPeriod: true },
    ]);
    expect(parseComments('Jan 2022: something', null)[0].effectiveDate).toBe('2022-01-01');
  });

  it('has no comments for an empty cell', () => {
    expect(parseComments('  ', SIP_2018_19)).toEqual([]);
  });
});
