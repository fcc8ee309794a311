// Spread the work: who is below their usual load, who is overcommitting, and how the first wave splits.
import { loadGroup, spreadFigures } from '../../domain/spread';
import { headStartSplit } from '../../workflows/waves';

const DAY = 86_400_000;
const now = new Date('2026-12-07T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

it('groups counselors by their load by pool health’s thresholds', () => {
  expect(loadGroup({ lastWeek: 0, usualPerWeek: 0, lastAcceptAt: null, joinedAt: ago(20) }, now)).toBe('below');
  expect(loadGroup({ lastWeek: 0, usualPerWeek: 0, lastAcceptAt: null, joinedAt: ago(3) }, now)).toBe('usual');
  expect(loadGroup({ lastWeek: 0, usualPerWeek: 2, lastAcceptAt: ago(8), joinedAt: ago(90) }, now)).toBe('below');
  expect(loadGroup({ lastWeek: 2, usualPerWeek: 2, lastAcceptAt: ago(1), joinedAt: ago(90) }, now)).toBe('usual');
  expect(loadGroup({ lastWeek: 5, usualPerWeek: 2, lastAcceptAt: ago(1), joinedAt: ago(90) }, now)).toBe('over');
});

it('splits the first wave: below first, the rest after, overcommitting held only when the policy says', () => {
  const groups = { a: 'below', b: 'usual', c: 'over' } as const;
  expect(headStartSplit(['a', 'b', 'c', 'd'], groups, true)).toEqual({ first: ['a'], then: ['b', 'd'], held: ['c'] });
  expect(headStartSplit(['a', 'b', 'c'], groups, false)).toEqual({ first: ['a'], then: ['b', 'c'], held: [] });
});

it('measures the spread of accepts: Gini and the busiest fifth’s share', () => {
  expect(spreadFigures([2, 2, 2, 2, 2])).toEqual({ gini: 0, topFifthShare: 0.2, total: 10 });
  const skewed = spreadFigures([10, 0, 0, 0, 0]);
  expect(skewed.topFifthShare).toBe(1);
  expect(skewed.gini).toBeCloseTo(0.8);
});
