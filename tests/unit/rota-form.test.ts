// The rota's two forms at their edges: what each accepts, and the one message per field it answers otherwise.
import {
  MAX_NOTE_LENGTH,
  MAX_ROTATION_ROWS,
  NOBODY,
  overrideFormValuesFromBody,
  overrideFromForm,
  parseHandoverTime,
  parseLocalDateTime,
  rotaFormValuesFromBody,
  rotaFromForm,
} from '../../api/rota/form';

const LEADS = new Set(['lead-a', 'lead-b']);
const rotation = {
  timeZone: 'Europe/Tallinn',
  handoverWeekday: '1',
  handoverTime: '09:00',
  startsOn: '2026-03-02',
  'lead-0': 'lead-a',
  'lead-1': 'lead-b',
};
const override = {
  overrideLead: 'lead-a',
  overrideFrom: '2026-04-01T09:00',
  overrideTo: '2026-04-08T09:00',
  overrideNote: ' holiday cover ',
};
const rotaOf = (body: Record<string, unknown>) => rotaFromForm(rotaFormValuesFromBody(body), LEADS);
const overrideOf = (body: Record<string, unknown>) =>
  overrideFromForm(overrideFormValuesFromBody(body), LEADS, 'Europe/Tallinn');

describe('the rotation form', () => {
  it('takes a rotation, trimmed, with empty rows between leads kept in place and trailing ones dropped', () => {
    const values = rotaFormValuesFromBody({
      ...rotation,
      timeZone: ' europe/tallinn ',
      'lead-1': '',
      'lead-2': 'lead-b',
      'lead-3': '',
    });
    expect(values.leads).toEqual(['lead-a', '', 'lead-b']);
    expect(rotaFromForm(values, LEADS)).toEqual({
      rota: {
        timeZone: 'Europe/Tallinn',
        handoverWeekday: 1,
        handoverTime: '09:00',
        startsOn: '2026-03-02',
        leadIds: ['lead-a', 'lead-b'],
      },
      errors: {},
    });
  });
  it('reads only the rows the form can have', () => {
    expect(rotaFormValuesFromBody({ [`lead-${MAX_ROTATION_ROWS}`]: 'lead-a' }).leads).toEqual([]);
  });
  it('reads a handover time as typed by hand or by a browser', () => {
    expect(parseHandoverTime('9:00')).toBe('09:00');
    expect(parseHandoverTime('09:00:00')).toBe('09:00');
    for (const t of ['24:00', '12:60', '0900', '', '09:00:30']) expect(parseHandoverTime(t)).toBeNull();
    expect(rotaOf({ ...rotation, handoverTime: '7:30' }).rota?.handoverTime).toBe('07:30');
  });
  it('names every wrong field', () => {
    expect(rotaOf({ 'lead-0': 'lead-x', 'lead-1': 'lead-b' })).toEqual({
      rota: null,
      errors: {
        timeZone: 'Enter a time zone, like Europe/Tallinn',
        handoverWeekday: 'Choose the day of the handover',
        handoverTime: 'Enter a 24-hour time from 00:00 to 23:59, like 09:00',
        startsOn: 'Enter a date, like 2026-03-02',
        'lead-0': 'Not a lead of this team: choose one from the list',
      },
    });
  });
  it.each([
    ['timeZone', 'Mars/Olympus', 'Unknown time zone "Mars/Olympus": use a name like Europe/Tallinn'],
    ['handoverWeekday', '0', 'Choose the day of the handover'],
    ['handoverWeekday', '8', 'Choose the day of the handover'],
    ['handoverWeekday', '1.0', 'Choose the day of the handover'],
    ['handoverTime', '25:00', 'Enter a 24-hour time from 00:00 to 23:59, like 09:00'],
    ['startsOn', '2026-02-30', 'Enter a date, like 2026-03-02'],
    ['startsOn', '02.03.2026', 'Enter a date, like 2026-03-02'],
  ])('refuses %s %j', (field, value, message) => {
    expect(rotaOf({ ...rotation, [field]: value })).toEqual({ rota: null, errors: { [field]: message } });
  });
  it('reads a repeated field as not given', () => {
    expect(rotaOf({ ...rotation, timeZone: ['UTC', 'Europe/Tallinn'] }).errors).toEqual({
      timeZone: 'Enter a time zone, like Europe/Tallinn',
    });
  });
});

describe('the override form', () => {
  it('takes a lead or nobody, for a span read in the rota’s time zone', () => {
    expect(overrideOf(override)).toEqual({
      override: {
        leadId: 'lead-a',
        startsAt: new Date('2026-04-01T06:00:00Z'),
        endsAt: new Date('2026-04-08T06:00:00Z'),
        note: 'holiday cover',
      },
      errors: {},
    });
    expect(overrideOf({ ...override, overrideLead: NOBODY, overrideFrom: '2026-04-01 9:00' }).override).toMatchObject({
      leadId: null,
      startsAt: new Date('2026-04-01T06:00:00Z'),
    });
  });
  it('names every missing field', () => {
    expect(overrideOf({})).toEqual({
      override: null,
      errors: {
        overrideLead: 'Choose who is on call, or “Nobody”',
        overrideFrom: 'Enter a date and time, like 2026-04-01 09:00',
        overrideTo: 'Enter a date and time, like 2026-04-08 09:00',
      },
    });
  });
  it('refuses an unknown lead, a span that ends before it starts, and a long note', () => {
    const note = 'x'.repeat(MAX_NOTE_LENGTH + 1);
    expect(
      overrideOf({ ...override, overrideLead: 'lead-x', overrideTo: override.overrideFrom, overrideNote: note }).errors,
    ).toEqual({
      overrideLead: 'Not a lead of this team: choose one from the list',
      overrideTo: 'The end must be after the start',
      overrideNote: `At most ${MAX_NOTE_LENGTH} characters (this is ${MAX_NOTE_LENGTH + 1})`,
    });
    expect(overrideOf({ ...override, overrideNote: 'x'.repeat(MAX_NOTE_LENGTH) }).errors).toEqual({});
  });
  it('refuses times that are not times', () => {
    expect(parseLocalDateTime('2026-02-30T09:00', 'UTC')).toBeNull();
    expect(parseLocalDateTime('2026-04-01T24:00', 'UTC')).toBeNull();
    expect(parseLocalDateTime('tomorrow', 'UTC')).toBeNull();
    expect(overrideOf({ ...override, overrideFrom: '2026-04-01' }).errors).toEqual({
      overrideFrom: 'Enter a date and time, like 2026-04-01 09:00',
    });
  });
  it('reads a repeated field as not given', () => {
    expect(overrideOf({ ...override, overrideLead: ['lead-a', 'lead-b'] }).errors).toEqual({
      overrideLead: 'Choose who is on call, or “Nobody”',
    });
  });
});
