import {
  groupOfSourceKind,
  SOURCE_KIND_GROUP_NAMES,
  SOURCE_KIND_GROUPS,
  SOURCE_KIND_WORDS,
  sourceKindsNamed,
} from './source-kind-groups.js';
import { SOURCE_KINDS } from './source.events.js';

describe('source kind groups', () => {
  it('puts every kind in exactly one group', () => {
    const grouped = SOURCE_KIND_GROUPS.flatMap((group) => [...group.kinds]);
    expect([...grouped].sort()).toEqual([...SOURCE_KINDS].sort());
  });

  it('has words for every kind, each its own', () => {
    expect(Object.keys(SOURCE_KIND_WORDS).sort()).toEqual([...SOURCE_KINDS].sort());
    expect(new Set(Object.values(SOURCE_KIND_WORDS)).size).toBe(SOURCE_KINDS.length);
  });

  it('never names a group as a kind is named, so a filter reads one way', () => {
    expect(SOURCE_KIND_GROUP_NAMES.filter((name) => (SOURCE_KINDS as readonly string[]).includes(name))).toEqual([]);
  });

  it('answers the kinds a filter names, by group or by kind', () => {
    expect(sourceKindsNamed('ofsted')).toEqual(['ofsted-inspection', 'ofsted-focused-visit']);
    expect(sourceKindsNamed('case-review')).toEqual(['case-review']);
    expect(groupOfSourceKind('multi-agency-audit').label).toBe('Audits');
  });
});
