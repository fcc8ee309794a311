// The 14-day coverage forecast over constructed pools: expiries and returns inside the window, capacity that
// resets on Monday, nobody at all, and the team's time zone deciding which day "today" is.
import {
  blockerOn,
  combinations,
  coverageForecast,
  dayLabel,
  localToday,
  type ForecastCombination,
  type ForecastCounselor,
  type Closer,
} from '../../domain/coverage-forecast';
import { closerText } from '../../notifications/catalogue/pool-words';

/** A closer as the English page and digest word it (the catalogue holds the words). */
const en = (c: Closer) => closerText(c, 'en');

const NOW = new Date('2026-12-07T12:00:00Z'); // a Monday
const RU_PEER: ForecastCombination = { language: 'ru', specialism: 'peer', lived: null };

let n = 0;
function counselor(over: Partial<ForecastCounselor> = {}): ForecastCounselor {
  n++;
  return {
    id: `c${n}`,
    name: `Person${n} Test`,
    active: true,
    languages: ['ru'],
    specialisms: ['peer'],
    livedExperience: [],
    capacityPerWeek: null,
    sessionsThisWeek: 0,
    qualified: true,
    programmeTrained: true,
    supervisedDone: 3,
    supervisedRequired: 3,
    certifications: [],
    away: [],
    pausedFor: null,
    goneQuiet: false,
    ...over,
  };
}
const forecast = (pool: ForecastCounselor[], wanted = [RU_PEER], tz = 'UTC') => coverageForecast(pool, wanted, NOW, tz);

describe('coverage forecast', () => {
  it('counts 14 local days from today, every counselor who fits and could take a request', () => {
    const f = forecast([counselor(), counselor(), counselor({ languages: ['en'] })]);
    expect(f.days).toHaveLength(14);
    expect(f.days[0]).toBe('2026-12-07');
    expect(f.days[13]).toBe('2026-12-20');
    expect(f.rows[0].counts).toEqual(Array(14).fill(2));
    expect(f.gaps).toEqual([]);
  });

  it('nobody at all: every day is a gap with nobody to propose, and it does not "open" (it is thin today)', () => {
    const f = forecast([]);
    expect(f.rows[0].counts).toEqual(Array(14).fill(0));
    expect(f.gaps).toHaveLength(1);
    expect(f.gaps[0]).toMatchObject({ days: f.days, lowest: 0, opens: false, closers: [] });
  });

  it('a certification expiring mid-window opens a gap the day after its last valid day and names the renewal', () => {
    const clara = counselor({
      name: 'Clara Smith',
      certifications: [{ name: 'Safeguarding', expiresOn: '2026-12-10' }],
    });
    const f = forecast([counselor(), clara]);
    expect(f.rows[0].counts).toEqual([2, 2, 2, 2, ...Array(10).fill(1)]);
    const gap = f.gaps[0];
    expect(gap.opens).toBe(true);
    expect(gap.days[0]).toBe('2026-12-11');
    expect(gap.closers).toEqual([
      {
        counselorId: clara.id,
        name: 'Clara Smith',
        kind: 'certification',
        closer: expect.objectContaining({ wording: 'certification-last-day', day: '2026-12-10' }),
      },
    ]);
    expect(en(gap.closers[0].closer)).toBe("renew Clara's Safeguarding certification (last valid day Thu 10 Dec)");
    expect(closerText(gap.closers[0].closer, 'ru')).toBe(
      'продлить сертификат «Safeguarding» (Clara Smith; последний действующий день чт, 10 дек.)',
    );
  });

  it('an away period that ends inside the window closes the gap the day they are back', () => {
    const boris = counselor({ name: 'Boris Ivanov', away: [{ fromOn: '2026-12-01', untilOn: '2026-12-13' }] });
    const f = forecast([counselor(), boris]);
    expect(f.rows[0].counts).toEqual([...Array(7).fill(1), ...Array(7).fill(2)]);
    expect(f.gaps[0].days).toEqual(f.days.slice(0, 7));
    expect(f.gaps[0].opens).toBe(false);
    expect(f.gaps[0].closers.map((c) => en(c.closer))).toEqual(['Boris Ivanov is back on Mon 14 Dec']);
  });

  it('back-to-back away periods: back after the last of them', () => {
    const c = counselor({
      name: 'Boris Ivanov',
      away: [
        { fromOn: '2026-12-05', untilOn: '2026-12-08' },
        { fromOn: '2026-12-09', untilOn: '2026-12-11' },
      ],
    });
    expect(en(blockerOn(c, '2026-12-07', '2026-12-07')!.closer)).toBe('Boris Ivanov is back on Sat 12 Dec');
  });

  it('training: one supervised session short says so, and training outranks away as the closer', () => {
    const anna = counselor({
      name: 'Anna Lee',
      supervisedDone: 2,
      away: [{ fromOn: '2026-12-07', untilOn: '2026-12-30' }],
    });
    const f = forecast([anna]);
    expect(f.rows[0].counts).toEqual(Array(14).fill(0));
    expect(en(f.gaps[0].closers[0].closer)).toBe('Anna Lee needs one more supervised session to go live');
    const many = counselor({ name: 'Ida Ok', supervisedDone: 0, programmeTrained: false });
    expect(en(blockerOn(many, '2026-12-07', '2026-12-07')!.closer)).toBe(
      'Ida Ok needs programme training and 3 more supervised sessions to go live',
    );
  });

  it('capacity used up this week frees on Monday; a capacity of 0 never does', () => {
    const full = counselor({ name: 'Fay Full', capacityPerWeek: 2, sessionsThisWeek: 2 });
    const zero = counselor({ name: 'Zed Zero', capacityPerWeek: 0 });
    const f = forecast([counselor(), full, zero]);
    // Monday 7 to Sunday 13: Fay is full; from Monday 14 her week starts again.
    expect(f.rows[0].counts).toEqual([...Array(7).fill(1), ...Array(7).fill(2)]);
    expect(f.gaps[0].closers.map((c) => en(c.closer))).toEqual([
      'Fay Full is at capacity (2/2) until Mon 14 Dec',
      'Zed Zero takes no sessions (capacity 0 a week)',
    ]);
  });

  it('paused and gone-quiet counselors are not counted and are named; inactive ones are neither', () => {
    const f = forecast([
      counselor({ name: 'Dana Paused', pausedFor: 'debrief' }),
      counselor({ name: 'Eve Quiet', goneQuiet: true }),
      counselor({ name: 'Gus Gone', active: false }),
    ]);
    expect(f.rows[0].counts[0]).toBe(0);
    expect(f.gaps[0].closers.map((c) => en(c.closer))).toEqual([
      'Dana Paused is paused (debrief) until the pause is lifted',
      'Eve Quiet has gone quiet: a word with Eve may help',
    ]);
  });

  it('lived experience narrows a combination; no preference counts everyone who fits language and specialism', () => {
    const pool = [counselor({ livedExperience: ['grief'] }), counselor()];
    const f = forecast(pool, combinations(['ru'], ['peer'], ['grief']));
    expect(f.rows.map((r) => [r.combination.lived, r.counts[0]])).toEqual([
      [null, 2],
      ['grief', 1],
    ]);
    expect(f.gaps.map((g) => g.combination.lived)).toEqual(['grief']);
  });

  it("days are the team's local days: late evening in Vladivostok is already tomorrow", () => {
    const late = new Date('2026-12-07T20:00:00Z');
    expect(localToday(late, 'Asia/Vladivostok')).toBe('2026-12-08');
    expect(localToday(late, 'America/New_York')).toBe('2026-12-07');
    const f = coverageForecast(
      [counselor({ away: [{ fromOn: '2026-12-07', untilOn: '2026-12-07' }] }), counselor()],
      [RU_PEER],
      late,
      'Asia/Vladivostok',
    );
    expect(f.days[0]).toBe('2026-12-08');
    expect(f.rows[0].counts[0]).toBe(2);
  });

  it('labels days shortly', () => {
    expect(dayLabel('2026-12-14')).toBe('Mon 14 Dec');
  });
});
