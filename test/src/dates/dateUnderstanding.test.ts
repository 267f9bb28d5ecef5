import { expect } from 'chai';
import { toIsoDate } from '../../../src/dates/calendarDate.js';
import { understandDate, type DateOptions } from '../../../src/dates/dateUnderstanding.js';
import type { Locale } from '../../../src/locale.js';
import { runInTimeZone } from './inTimeZone.js';

interface Row {
  text: string;
  locale: Locale;
  /** 'YYYY-MM-DD', or null when the text names no single day. */
  expected: string | null;
}

/** Friday 27 November 2026, ten in the morning in Shanghai. */
const FRIDAY_MORNING = new Date('2026-11-27T10:00:00+08:00');

function understood(text: string, locale: Locale, now: Date): string | null {
  const result = understandDate(text, locale, now);
  return result.status === 'date' ? toIsoDate(result.date) : null;
}

/** One test per row, each read on its own `now` (Shanghai), with `options` for understandDate. */
function itUnderstandsOn(rows: readonly (Row & { now: string })[], options: DateOptions = {}): void {
  for (const { now, text, locale, expected } of rows) {
    it(`reads ${JSON.stringify(text)} on ${now.slice(0, 10)} as ${expected ?? 'no date'}`, () => {
      const result = understandDate(text, locale, new Date(now), 'Asia/Shanghai', options);
      expect(result.status === 'date' ? toIsoDate(result.date) : null).to.equal(expected);
    });
  }
}

function itUnderstands(rows: readonly Row[], now: Date): void {
  for (const { text, locale, expected } of rows) {
    it(`reads ${JSON.stringify(text)} (${locale}) as ${expected ?? 'no date'}`, () => {
      expect(understood(text, locale, now)).to.equal(expected);
    });
  }
}

describe('understandDate', () => {
  describe('English phrasings, on Friday 27 November 2026 in Shanghai', () => {
    itUnderstands(
      [
        { text: '3 March 2026', locale: 'en-US', expected: '2026-03-03' },
        { text: 'March 3, 2026', locale: 'en-US', expected: '2026-03-03' },
        { text: '2026-03-03', locale: 'en-US', expected: '2026-03-03' },
        { text: '3/3/2026', locale: 'en-US', expected: '2026-03-03' },
        { text: 'yesterday', locale: 'en-US', expected: '2026-11-26' },
        { text: 'today', locale: 'en-US', expected: '2026-11-27' },
        { text: 'the day before yesterday', locale: 'en-US', expected: '2026-11-25' },
        // "last <weekday>" is the most recent such day before today, as English speakers mostly mean it: said on a
        // Friday, "last Monday" is 23 November, four days ago (the recognizer alone took the previous week's, 16
        // November, as 上周一 is). "last Friday" on a Friday is a week ago, never today.
        { text: 'last Monday', locale: 'en-US', expected: '2026-11-23' },
        { text: 'last Friday', locale: 'en-US', expected: '2026-11-20' },
        { text: 'last Saturday', locale: 'en-US', expected: '2026-11-21' },
        // A year written before the month and day, which the recognizer drops.
        { text: 'we registered the company in 2025, March 3', locale: 'en-US', expected: '2025-03-03' },
        { text: 'a fortnight ago', locale: 'en-US', expected: '2026-11-13' },
        // "the 3rd" alone, as "on the 3rd" is read.
        { text: 'the 3rd', locale: 'en-US', expected: '2026-11-03' },
        // "3rd" alone, or opening the message; a month after it is still read with that month.
        { text: '3rd', locale: 'en-US', expected: '2026-11-03' },
        { text: '21st I think', locale: 'en-US', expected: '2026-11-21' },
        { text: '3rd March', locale: 'en-US', expected: '2026-03-03' },
        { text: '3rd of October', locale: 'en-US', expected: '2026-10-03' },
        { text: '2 days ago', locale: 'en-US', expected: '2026-11-25' },
        { text: 'a week ago', locale: 'en-US', expected: '2026-11-20' },
        // The recognizer returns "the 5th" and "last month" apart; the module joins them.
        { text: 'on the 5th of last month', locale: 'en-US', expected: '2026-10-05' },
        { text: 'last month on the 3rd', locale: 'en-US', expected: '2026-10-03' },
        { text: '10 Oct', locale: 'en-US', expected: '2026-10-10' },
        { text: 'November 2nd', locale: 'en-US', expected: '2026-11-02' },
        { text: 'we opened on 1 June 2026', locale: 'en-US', expected: '2026-06-01' },
        { text: 'I was discharged on 3 March', locale: 'en-US', expected: '2026-03-03' },
        { text: 'yesterday at 3pm', locale: 'en-US', expected: '2026-11-26' },
        // "March 1" and "last year" also come back apart.
        { text: 'March 1 last year', locale: 'en-US', expected: '2025-03-01' },
        { text: 'the 3rd of this month', locale: 'en-US', expected: '2026-11-03' },
      ],
      FRIDAY_MORNING,
    );
  });

  describe('Chinese phrasings, on Friday 27 November 2026 in Shanghai', () => {
    itUnderstands(
      [
        { text: '2026年3月3日', locale: 'zh-CN', expected: '2026-03-03' },
        { text: '2026-03-03', locale: 'zh-CN', expected: '2026-03-03' },
        { text: '2026/3/3', locale: 'zh-CN', expected: '2026-03-03' },
        { text: '二〇二六年三月三日', locale: 'zh-CN', expected: '2026-03-03' },
        { text: '3月3日', locale: 'zh-CN', expected: '2026-03-03' },
        { text: '3月3号', locale: 'zh-CN', expected: '2026-03-03' },
        { text: '昨天', locale: 'zh-CN', expected: '2026-11-26' },
        { text: '今天', locale: 'zh-CN', expected: '2026-11-27' },
        { text: '前天', locale: 'zh-CN', expected: '2026-11-25' },
        { text: '大前天', locale: 'zh-CN', expected: '2026-11-24' },
        { text: '上周一', locale: 'zh-CN', expected: '2026-11-16' },
        { text: '上个周五', locale: 'zh-CN', expected: '2026-11-20' },
        { text: '上星期五', locale: 'zh-CN', expected: '2026-11-20' },
        { text: '上个月3号', locale: 'zh-CN', expected: '2026-10-03' },
        { text: '三天前', locale: 'zh-CN', expected: '2026-11-24' },
        { text: '两天前', locale: 'zh-CN', expected: '2026-11-25' },
        { text: '十月十号', locale: 'zh-CN', expected: '2026-10-10' },
        { text: '2026年10月1日开业的', locale: 'zh-CN', expected: '2026-10-01' },
        { text: '我是上周三出院的', locale: 'zh-CN', expected: '2026-11-18' },
        { text: '昨天下午三点', locale: 'zh-CN', expected: '2026-11-26' },
        { text: '去年12月1日', locale: 'zh-CN', expected: '2025-12-01' },
      ],
      FRIDAY_MORNING,
    );
  });

  describe('Chinese phrasings the recognizer misses on its own, made readable by a small rewrite', () => {
    itUnderstands(
      [
        // The recognizer drops 去年/前年/大前年/今年/明年 before a month and day; the year is written out.
        { text: '去年3月1日', locale: 'zh-CN', expected: '2025-03-01' },
        { text: '去年十二月一号', locale: 'zh-CN', expected: '2025-12-01' },
        { text: '前年3月1日', locale: 'zh-CN', expected: '2024-03-01' },
        { text: '大前年3月1日', locale: 'zh-CN', expected: '2023-03-01' },
        { text: '今年3月1日', locale: 'zh-CN', expected: '2026-03-01' },
        // "上个月的3号": the 的 is dropped.
        { text: '上个月的3号', locale: 'zh-CN', expected: '2026-10-03' },
        // "以前"/"之前" after a span comes back as a duration; it is rewritten to 前.
        { text: '三天以前', locale: 'zh-CN', expected: '2026-11-24' },
        { text: '一个月之前', locale: 'zh-CN', expected: '2026-10-27' },
        // "个星期前"/"礼拜前" comes back with no day; it is rewritten to 周前.
        { text: '一个星期前', locale: 'zh-CN', expected: '2026-11-20' },
        { text: '两个礼拜以前', locale: 'zh-CN', expected: '2026-11-13' },
        // "3号" alone is this month's 3rd, or last month's when this month's is still ahead; "11.3" is 11月3日.
        { text: '3号', locale: 'zh-CN', expected: '2026-11-03' },
        { text: '公司是30号成立的', locale: 'zh-CN', expected: '2026-10-30' },
        { text: '11.3', locale: 'zh-CN', expected: '2026-11-03' },
        // "半个月前" comes back as today; half a month is read as fifteen days.
        { text: '半个月前', locale: 'zh-CN', expected: '2026-11-12' },
        // A weekday of the week (Monday to Sunday) before last: the recognizer reads 上上周一 as 上周一, and
        // "两周前的周二" as the Sunday two weeks ago; the day is written out.
        { text: '上上周一', locale: 'zh-CN', expected: '2026-11-09' },
        { text: '上上个礼拜天', locale: 'zh-CN', expected: '2026-11-15' },
        { text: '两周前的周二', locale: 'zh-CN', expected: '2026-11-10' },
        { text: '两个星期前的星期五', locale: 'zh-CN', expected: '2026-11-13' },
        // In English, a weekday some weeks back counts from the most recent such weekday ("last Tuesday").
        { text: 'two weeks ago Tuesday', locale: 'en-US', expected: '2026-11-17' },
        { text: 'we set up on Friday two weeks ago', locale: 'en-US', expected: '2026-11-13' },
        { text: 'the Tuesday before last', locale: 'en-US', expected: '2026-11-17' },
        { text: 'a week ago Thursday', locale: 'en-US', expected: '2026-11-26' },
        // Full-width digits, as many Chinese keyboards type them, are folded to ASCII first.
        { text: '２０２６年３月３日', locale: 'zh-CN', expected: '2026-03-03' },
        { text: 'March ３, ２０２６', locale: 'en-US', expected: '2026-03-03' },
      ],
      FRIDAY_MORNING,
    );
  });

  describe('a day of the lunar calendar, which the recognizer would read as a Gregorian one ("正月十五" as 15 January)', () => {
    for (const [text, locale] of [
      ['正月十五', 'zh-CN'],
      ['我们是农历三月初三成立的', 'zh-CN'],
      ['腊月二十', 'zh-CN'],
      ['初八那天出的院', 'zh-CN'],
      ['on the lunar new year', 'en-US'],
    ] as const) {
      it(`reads ${JSON.stringify(text)} as lunar, not as a day`, () => {
        expect(understandDate(text, locale, FRIDAY_MORNING).status).to.equal('lunar');
      });
    }

    it('still reads the start of a Gregorian month ("3月初") as no day, and "10月1日" as a day', () => {
      expect(understandDate('3月初', 'zh-CN', FRIDAY_MORNING).status).to.equal('none');
      expect(understood('10月1日', 'zh-CN', FRIDAY_MORNING)).to.equal('2026-10-01');
    });
  });

  describe('text that names no single day', () => {
    itUnderstands(
      [
        { text: 'hello', locale: 'en-US', expected: null },
        { text: '你好', locale: 'zh-CN', expected: null },
        { text: '', locale: 'zh-CN', expected: null },
        { text: 'I do not remember', locale: 'en-US', expected: null },
        { text: '前几天', locale: 'zh-CN', expected: null },
        // A week, a month or a year is not a day; the flow should ask which day.
        { text: 'last week', locale: 'en-US', expected: null },
        { text: 'in March', locale: 'en-US', expected: null },
        { text: '2026年3月', locale: 'zh-CN', expected: null },
        { text: '去年', locale: 'zh-CN', expected: null },
        // A bound is not the day itself.
        { text: 'before March 3', locale: 'en-US', expected: null },
        { text: '3月3日之前', locale: 'zh-CN', expected: null },
        // No such day.
        { text: '2026年2月30日', locale: 'zh-CN', expected: null },
        { text: 'the 31st of last month', locale: 'en-US', expected: null },
        // "上上个月3号" would come back as 上个月3号, a month off; better no answer than a wrong one.
        { text: '上上个月3号', locale: 'zh-CN', expected: null },
        { text: '下下周一', locale: 'zh-CN', expected: null },
      ],
      new Date('2026-10-15T10:00:00+08:00'),
    );
  });

  describe('numbers that are not dates', () => {
    itUnderstands(
      [
        { text: '12333', locale: 'zh-CN', expected: null },
        { text: '请拨打12333', locale: 'zh-CN', expected: null },
        { text: '拨打12333咨询', locale: 'zh-CN', expected: null },
        { text: 'call 12333 please', locale: 'en-US', expected: null },
        { text: '我的电话是13812345678', locale: 'zh-CN', expected: null },
        { text: 'my phone is 138 0013 8000', locale: 'en-US', expected: null },
        { text: '0755-12345678', locale: 'zh-CN', expected: null },
        { text: '010-12333', locale: 'en-US', expected: null },
        { text: '身份证号110101199003071234', locale: 'zh-CN', expected: null },
        { text: '社保卡号是6217001234567890', locale: 'zh-CN', expected: null },
        { text: 'room 1203', locale: 'en-US', expected: null },
        { text: '我有3张卡', locale: 'zh-CN', expected: null },
        // …while a date next to such a number is still found.
        { text: '电话12333，3月3日出院', locale: 'zh-CN', expected: '2026-03-03' },
        { text: 'I called 12333 on 3 March 2026', locale: 'en-US', expected: '2026-03-03' },
      ],
      FRIDAY_MORNING,
    );
  });

  describe('a day without a year is the most recent such day that is not in the future', () => {
    const cases: readonly (Row & { now: string })[] = [
      { now: '2026-03-02T10:00:00+08:00', text: '3月3日', locale: 'zh-CN', expected: '2025-03-03' },
      { now: '2026-03-03T10:00:00+08:00', text: '3月3日', locale: 'zh-CN', expected: '2026-03-03' },
      { now: '2026-11-27T10:00:00+08:00', text: '12月1日', locale: 'zh-CN', expected: '2025-12-01' },
      { now: '2026-11-27T10:00:00+08:00', text: 'December 1', locale: 'en-US', expected: '2025-12-01' },
      { now: '2027-01-10T10:00:00+08:00', text: '10 Oct', locale: 'en-US', expected: '2026-10-10' },
      { now: '2026-11-27T10:00:00+08:00', text: '2月29日', locale: 'zh-CN', expected: '2024-02-29' },
      // A weekday alone: this week's if it has come, else last week's; today counts.
      { now: '2026-11-27T10:00:00+08:00', text: 'Monday', locale: 'en-US', expected: '2026-11-23' },
      { now: '2026-11-27T10:00:00+08:00', text: '周五', locale: 'zh-CN', expected: '2026-11-27' },
      { now: '2026-11-27T10:00:00+08:00', text: '星期六', locale: 'zh-CN', expected: '2026-11-21' },
      // A day of the month alone.
      { now: '2026-11-27T10:00:00+08:00', text: '二十号', locale: 'zh-CN', expected: '2026-11-20' },
      { now: '2026-11-10T10:00:00+08:00', text: '二十号', locale: 'zh-CN', expected: '2026-10-20' },
      // A month named relative to this one keeps its own year, across New Year too.
      { now: '2027-01-10T10:00:00+08:00', text: '上个月3号', locale: 'zh-CN', expected: '2026-12-03' },
      { now: '2027-01-10T10:00:00+08:00', text: 'last month on the 3rd', locale: 'en-US', expected: '2026-12-03' },
      { now: '2026-11-27T10:00:00+08:00', text: '这个月30号', locale: 'zh-CN', expected: '2026-11-30' },
    ];
    itUnderstandsOn(cases);
  });

  describe("asked for the nearest day ('nearest', for a closure that may lie ahead), a day without a year is the nearer of last year's and next year's", () => {
    const cases: readonly (Row & { now: string })[] = [
      { now: '2026-12-05T10:00:00+08:00', text: '1月31号', locale: 'zh-CN', expected: '2027-01-31' },
      { now: '2026-12-05T10:00:00+08:00', text: 'Jan 31', locale: 'en-US', expected: '2027-01-31' },
      { now: '2026-12-05T10:00:00+08:00', text: '11月20日', locale: 'zh-CN', expected: '2026-11-20' },
      { now: '2026-03-02T10:00:00+08:00', text: '3月3日', locale: 'zh-CN', expected: '2026-03-03' },
      // A year written out is kept as written.
      { now: '2026-12-05T10:00:00+08:00', text: '2026年1月31日', locale: 'zh-CN', expected: '2026-01-31' },
    ];
    itUnderstandsOn(cases, { yearless: 'nearest' });
  });

  describe('future days are returned as said, for the flow to judge', () => {
    itUnderstands(
      [
        { text: '2027年1月1日', locale: 'zh-CN', expected: '2027-01-01' },
        { text: '1 January 2027', locale: 'en-US', expected: '2027-01-01' },
        { text: '明年1月1日', locale: 'zh-CN', expected: '2027-01-01' },
        { text: 'tomorrow', locale: 'en-US', expected: '2026-11-28' },
        { text: '下周一', locale: 'zh-CN', expected: '2026-11-30' },
      ],
      FRIDAY_MORNING,
    );
  });

  describe('a day of a relative month across the year end (the English recognizer kept the old year)', () => {
    itUnderstandsOn([
      { now: '2026-12-05T10:00:00+08:00', text: 'the 15th of next month', locale: 'en-US', expected: '2027-01-15' },
      { now: '2026-12-05T10:00:00+08:00', text: 'we will set up the company next month, 15 January', locale: 'en-US', expected: '2027-01-15' },
      { now: '2027-01-05T10:00:00+08:00', text: 'the 20th of last month', locale: 'en-US', expected: '2026-12-20' },
      { now: '2026-12-05T10:00:00+08:00', text: '下个月15号', locale: 'zh-CN', expected: '2027-01-15' },
    ]);
  });

  describe('ranges and several dates give the first full day', () => {
    itUnderstands(
      [
        { text: 'from 1 March to 5 March 2026', locale: 'en-US', expected: '2026-03-01' },
        { text: '3月1日到3月5日', locale: 'zh-CN', expected: '2026-03-01' },
        { text: '上周三和上周五', locale: 'zh-CN', expected: '2026-11-18' },
        { text: 'last week, on 18 November', locale: 'en-US', expected: '2026-11-18' },
        { text: 'since 3 March 2026', locale: 'en-US', expected: '2026-03-03' },
        { text: '自2026年3月3日起', locale: 'zh-CN', expected: '2026-03-03' },
      ],
      FRIDAY_MORNING,
    );
  });

  describe('when the client reports the other language', () => {
    itUnderstands(
      [
        { text: '昨天', locale: 'en-US', expected: '2026-11-26' },
        { text: '上个月3号', locale: 'en-US', expected: '2026-10-03' },
        { text: 'yesterday', locale: 'zh-CN', expected: '2026-11-26' },
        { text: 'on the 5th of last month', locale: 'zh-CN', expected: '2026-10-05' },
      ],
      FRIDAY_MORNING,
    );
  });

  describe('time zones', () => {
    // 17:30 UTC on Friday is already 01:30 on Saturday 28 November in Shanghai.
    const lateEveningUtc = '2026-11-27T17:30:00Z';
    // 18:30 UTC on 7 March is 02:30 on Sunday 8 March in Shanghai: a time New York skips that night.
    const newYorkDaylightSavingGap = '2026-03-07T18:30:00Z';
    const rows: readonly (Row & { now: string })[] = [
      { now: lateEveningUtc, text: 'today', locale: 'en-US', expected: '2026-11-28' },
      { now: lateEveningUtc, text: 'yesterday', locale: 'en-US', expected: '2026-11-27' },
      { now: lateEveningUtc, text: '昨天', locale: 'zh-CN', expected: '2026-11-27' },
      { now: lateEveningUtc, text: '2 days ago', locale: 'en-US', expected: '2026-11-26' },
      { now: lateEveningUtc, text: '周六', locale: 'zh-CN', expected: '2026-11-28' },
      { now: lateEveningUtc, text: '11月28日', locale: 'zh-CN', expected: '2026-11-28' },
      { now: lateEveningUtc, text: '11月29日', locale: 'zh-CN', expected: '2025-11-29' },
      { now: newYorkDaylightSavingGap, text: '今天', locale: 'zh-CN', expected: '2026-03-08' },
      { now: newYorkDaylightSavingGap, text: 'yesterday', locale: 'en-US', expected: '2026-03-07' },
      { now: newYorkDaylightSavingGap, text: 'a week ago', locale: 'en-US', expected: '2026-03-01' },
      { now: '2026-12-31T16:30:00Z', text: 'yesterday', locale: 'en-US', expected: '2026-12-31' },
      { now: '2026-12-31T16:30:00Z', text: '去年12月1日', locale: 'zh-CN', expected: '2026-12-01' },
    ];

    for (const { now, text, locale, expected } of rows) {
      it(`resolves ${JSON.stringify(text)} at ${now} against the day in Shanghai, ${expected}`, () => {
        expect(understood(text, locale, new Date(now))).to.equal(expected);
      });
    }

    it('resolves against the zone it is given rather than Shanghai when told to', () => {
      const result = understandDate('today', 'en-US', new Date(lateEveningUtc), 'America/New_York');
      expect(result).to.deep.equal({ status: 'date', date: { year: 2026, month: 11, day: 27 } });
    });

    // The recognizer reads the local fields of its reference Date, so run the whole table in
    // processes whose own zone is far from Shanghai's, either side of UTC.
    for (const processZone of ['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
      it(`gives the same days when the server itself runs in ${processZone}`, async () => {
        const moduleUrl = new URL('../../../src/dates/dateUnderstanding.js', import.meta.url).href;
        const run = await runInTimeZone<(string | null)[]>(
          processZone,
          `import { understandDate } from ${JSON.stringify(moduleUrl)};
const rows = ${JSON.stringify(rows)};
globalThis.output = rows.map(({ text, locale, now }) => {
  const result = understandDate(text, locale, new Date(now));
  return result.status === 'date'
    ? [result.date.year, result.date.month, result.date.day].map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-')
    : null;
});`,
        );
        expect(run.processTimeZone).to.equal(processZone);
        expect(run.output).to.deep.equal(rows.map((row) => row.expected));
      });
    }
  });
});
