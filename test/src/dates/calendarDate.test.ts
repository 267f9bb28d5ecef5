import { expect } from 'chai';
import fc from 'fast-check';
import {
  addDays,
  compareDates,
  daysInMonth,
  formatLongDate,
  isValidCalendarDate,
  parseIsoDate,
  todayIn,
  toIsoDate,
  weekdayIndex,
  type CalendarDate,
} from '../../../src/dates/calendarDate.js';
import { runInTimeZone } from './inTimeZone.js';

const day = (iso: string): CalendarDate => {
  const parsed = parseIsoDate(iso);
  if (!parsed) throw new Error(`test data: ${iso} is not a valid date`);
  return parsed;
};

const anyCalendarDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((instant) => ({ year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate() }));

describe('CalendarDate', () => {
  describe('toIsoDate and parseIsoDate', () => {
    it('writes a day as YYYY-MM-DD with zero padding', () => {
      expect(toIsoDate({ year: 2026, month: 3, day: 3 })).to.equal('2026-03-03');
      expect(toIsoDate({ year: 5, month: 12, day: 31 })).to.equal('0005-12-31');
    });

    it('reads a YYYY-MM-DD day back field by field', () => {
      expect(parseIsoDate('2026-11-27')).to.deep.equal({ year: 2026, month: 11, day: 27 });
      expect(parseIsoDate('2024-02-29')).to.deep.equal({ year: 2024, month: 2, day: 29 });
    });

    const notDays = ['2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', '2100-02-29', '2026-3-3', ' 2026-03-03', '2026-03-03T00:00', '03/03/2026', ''];
    for (const text of notDays) {
      it(`gives undefined for ${JSON.stringify(text)}, which is not a real day in YYYY-MM-DD`, () => {
        expect(parseIsoDate(text)).to.equal(undefined);
      });
    }

    it('round-trips every day between 1900 and 2199', () => {
      fc.assert(
        fc.property(anyCalendarDate, (date) => {
          expect(parseIsoDate(toIsoDate(date))).to.deep.equal(date);
        }),
      );
    });
  });

  describe('daysInMonth and isValidCalendarDate', () => {
    const rows = [
      { year: 2026, month: 2, days: 28 },
      { year: 2024, month: 2, days: 29 },
      { year: 2000, month: 2, days: 29 },
      { year: 2100, month: 2, days: 28 },
      { year: 2026, month: 4, days: 30 },
      { year: 2026, month: 12, days: 31 },
    ];
    for (const { year, month, days } of rows) {
      it(`counts ${days} days in ${year}-${month}`, () => {
        expect(daysInMonth(year, month)).to.equal(days);
        expect(isValidCalendarDate({ year, month, day: days })).to.equal(true);
        expect(isValidCalendarDate({ year, month, day: days + 1 })).to.equal(false);
      });
    }

    it('rejects month 0 or 13, day 0 and fractions', () => {
      expect(isValidCalendarDate({ year: 2026, month: 0, day: 1 })).to.equal(false);
      expect(isValidCalendarDate({ year: 2026, month: 13, day: 1 })).to.equal(false);
      expect(isValidCalendarDate({ year: 2026, month: 1, day: 0 })).to.equal(false);
      expect(isValidCalendarDate({ year: 2026, month: 1, day: 1.5 })).to.equal(false);
    });
  });

  describe('addDays', () => {
    const rows = [
      { from: '2026-11-27', days: 1, to: '2026-11-28' },
      { from: '2026-11-30', days: 1, to: '2026-12-01' },
      { from: '2026-12-31', days: 1, to: '2027-01-01' },
      { from: '2027-01-01', days: -1, to: '2026-12-31' },
      { from: '2024-02-28', days: 1, to: '2024-02-29' },
      { from: '2026-02-28', days: 1, to: '2026-03-01' },
      { from: '2026-03-08', days: -7, to: '2026-03-01' },
      { from: '2026-11-27', days: 0, to: '2026-11-27' },
      { from: '2026-11-27', days: 365, to: '2027-11-27' },
    ];
    for (const { from, days, to } of rows) {
      it(`adds ${days} to ${from} and lands on ${to}`, () => {
        expect(toIsoDate(addDays(day(from), days))).to.equal(to);
      });
    }

    it('undoes itself and moves in the direction of its sign, for any day and any span', () => {
      fc.assert(
        fc.property(anyCalendarDate, fc.integer({ min: -4000, max: 4000 }), (date, days) => {
          const moved = addDays(date, days);
          expect(addDays(moved, -days)).to.deep.equal(date);
          expect(Math.sign(compareDates(moved, date))).to.equal(Math.sign(days));
        }),
      );
    });
  });

  describe('compareDates', () => {
    const rows = [
      { a: '2026-11-27', b: '2026-11-28', sign: -1 },
      { a: '2026-11-27', b: '2026-11-27', sign: 0 },
      { a: '2026-12-01', b: '2026-11-30', sign: 1 },
      { a: '2027-01-01', b: '2026-12-31', sign: 1 },
      { a: '2025-12-31', b: '2026-01-01', sign: -1 },
    ];
    for (const { a, b, sign } of rows) {
      it(`orders ${a} ${sign < 0 ? 'before' : sign > 0 ? 'after' : 'the same as'} ${b}`, () => {
        expect(Math.sign(compareDates(day(a), day(b)))).to.equal(sign);
      });
    }

    it('sorts days chronologically when used with Array.prototype.sort', () => {
      const sorted = ['2026-03-03', '2025-12-31', '2026-11-27', '2026-01-01'].map(day).sort(compareDates).map(toIsoDate);
      expect(sorted).to.deep.equal(['2025-12-31', '2026-01-01', '2026-03-03', '2026-11-27']);
    });
  });

  describe('weekdayIndex', () => {
    const rows = [
      { date: '2026-04-02', weekday: 4 },
      { date: '2026-11-27', weekday: 5 },
      { date: '2026-11-29', weekday: 0 },
      { date: '2000-01-01', weekday: 6 },
      { date: '2024-02-29', weekday: 4 },
    ];
    for (const { date, weekday } of rows) {
      it(`knows ${date} is weekday ${weekday} (0 = Sunday)`, () => {
        expect(weekdayIndex(day(date))).to.equal(weekday);
      });
    }
  });

  describe('todayIn', () => {
    const rows = [
      { instant: '2026-11-27T17:30:00Z', zone: 'Asia/Shanghai', today: '2026-11-28' },
      { instant: '2026-11-27T17:30:00Z', zone: 'UTC', today: '2026-11-27' },
      { instant: '2026-11-27T17:30:00Z', zone: 'America/New_York', today: '2026-11-27' },
      { instant: '2026-11-27T15:59:59.999Z', zone: 'Asia/Shanghai', today: '2026-11-27' },
      { instant: '2026-11-27T16:00:00Z', zone: 'Asia/Shanghai', today: '2026-11-28' },
      { instant: '2026-12-31T16:30:00Z', zone: 'Asia/Shanghai', today: '2027-01-01' },
      { instant: '2026-11-27T10:00:00Z', zone: 'Pacific/Kiritimati', today: '2026-11-28' },
    ];
    for (const { instant, zone, today } of rows) {
      it(`says ${instant} is ${today} in ${zone}`, () => {
        expect(toIsoDate(todayIn(zone, new Date(instant)))).to.equal(today);
      });
    }

    it('throws a RangeError for a zone that does not exist', () => {
      expect(() => todayIn('Mars/Olympus_Mons', new Date())).to.throw(RangeError);
    });
  });

  describe('formatLongDate', () => {
    it('writes the day in Chinese with its weekday', () => {
      // ICU writes no space before 星期; allow one in case a future ICU adds it.
      expect(formatLongDate(day('2026-04-02'), 'zh-CN')).to.match(/^2026年4月2日\s?星期四$/);
    });

    it('writes the day in US English with its weekday', () => {
      expect(formatLongDate(day('2026-04-02'), 'en-US')).to.equal('Thursday, April 2, 2026');
    });

    for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati']) {
      it(`never shifts the day, even when the process runs in ${zone}`, async () => {
        const moduleUrl = new URL('../../../src/dates/calendarDate.js', import.meta.url).href;
        const run = await runInTimeZone<string[]>(
          zone,
          `import { formatLongDate } from ${JSON.stringify(moduleUrl)};
globalThis.output = [formatLongDate({ year: 2026, month: 4, day: 2 }, 'en-US'), formatLongDate({ year: 2026, month: 1, day: 1 }, 'zh-CN')];`,
        );
        expect(run.processTimeZone).to.equal(zone);
        expect(run.output[0]).to.equal('Thursday, April 2, 2026');
        expect(run.output[1]).to.match(/^2026年1月1日\s?星期四$/);
      });
    }
  });
});
