import { expectedWait, roundWaitMinutes } from '../../domain/expected-wait';

const min = 60_000;
const hr = 60 * min;

describe('the honest wait at intake', () => {
  it('says it may take longer when nobody who could take it is free now, whatever the history', () => {
    expect(expectedWait({ availableNow: 0, answers: [{ hour: 3, ms: min }], hour: 3 })).toEqual({ kind: 'slow' });
  });

  it('uses the median of this time of day (two hours either side, across midnight) when there are enough', () => {
    const answers = [
      { hour: 23, ms: 2 * hr },
      { hour: 1, ms: 3 * hr },
      { hour: 0, ms: 5 * hr },
      { hour: 12, ms: 10 * min },
      { hour: 12, ms: 10 * min },
    ];
    expect(expectedWait({ availableNow: 2, answers, hour: 0 })).toEqual({
      kind: 'within',
      minutes: 180,
      atThisHour: true,
    });
  });

  it('falls back to every past accept, then to the usual words', () => {
    const answers = [
      { hour: 12, ms: 12 * min },
      { hour: 13, ms: 20 * min },
      { hour: 14, ms: 50 * min },
    ];
    expect(expectedWait({ availableNow: 1, answers, hour: 2 })).toEqual({
      kind: 'within',
      minutes: 20,
      atThisHour: false,
    });
    expect(expectedWait({ availableNow: 1, answers: answers.slice(0, 2), hour: 2 })).toEqual({ kind: 'usual' });
  });

  it.each([
    [30_000, 5],
    [6 * min, 10],
    [59 * min, 60],
    [61 * min, 120],
    [3 * hr, 180],
  ])('rounds %d ms up to %d minutes', (ms, minutes) => {
    expect(roundWaitMinutes(ms)).toBe(minutes);
  });
});
