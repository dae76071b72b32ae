import type { RegisterSource } from '../source/source.decider.js';
import type { SourceRegistered } from '../source/source.events.js';

const registered: SourceRegistered['data'] = {
  sourceId: 'src-ilacs-2020',
  kind: 'ofsted-inspection',
  title: 'Ofsted ILACS inspection, March 2020',
  date: '2020-03-13',
};

export const aSourceRegistered = (overrides: Partial<SourceRegistered['data']> = {}): SourceRegistered => ({
  type: 'SourceRegistered',
  data: { ...registered, ...overrides },
});

export const aRegisterSourceCommand = (overrides: Partial<RegisterSource['data']> = {}): RegisterSource => ({
  type: 'RegisterSource',
  data: { ...registered, ...overrides },
});
