import { canonicalQuery } from './canonical-query.js';

describe('canonicalQuery', () => {
  it('leaves a canonical query alone', () => {
    expect(canonicalQuery('status=red&asOf=2019-01-31')).toBeNull();
    expect(canonicalQuery('')).toBeNull();
  });

  it('drops the empty fields a filter form sends', () => {
    expect(canonicalQuery('status=&owner=HoS&sort=')).toBe('owner=HoS');
  });

  it('folds a GOV.UK date input into one YYYY-MM-DD parameter where the day was', () => {
    expect(canonicalQuery('status=red&asOf-day=1&asOf-month=2&asOf-year=2019&sort=due')).toBe(
      'status=red&asOf=2019-02-01&sort=due',
    );
    expect(canonicalQuery('from-day=31&from-month=12&from-year=2018&to-day=%2015%20&to-month=1&to-year=2019')).toBe(
      'from=2018-12-31&to=2019-01-15',
    );
  });

  it('drops a date input left empty', () => {
    expect(canonicalQuery('asOf-day=&asOf-month=&asOf-year=&asAt-day=3&asAt-month=4&asAt-year=2020')).toBe(
      'asAt=2020-04-03',
    );
  });

  it('keeps a part that is missing or not a number as typed, so the check names the field', () => {
    expect(canonicalQuery('asOf-day=&asOf-month=2&asOf-year=2019')).toBe('asOf=2019-02-');
    expect(canonicalQuery('asOf-day=x&asOf-month=2&asOf-year=2019')).toBe('asOf=2019-02-x');
  });
});
