import { Culture, DateTimeRecognizer } from '@microsoft/recognizers-text-date-time';
import type { IDateTimeModel } from '@microsoft/recognizers-text-date-time';
import { z } from 'zod';
import type { Locale } from '../locale.js';
import {
  addDays,
  compareDates,
  daysBetween,
  daysInMonth,
  isValidCalendarDate,
  todayIn,
  weekdayIndex,
  type CalendarDate,
} from './calendarDate.js';

/**
 * What a message says about one calendar day. Several dates or a range ("3月1日到3月5日")
 * give the first full day named; a month, a week or a year alone is not a day, so it is 'none'.
 */
export type DateUnderstanding = { status: 'date'; date: CalendarDate } | { status: 'lunar' } | { status: 'none' };

/**
 * A day of the Chinese lunar calendar ("正月十五", "农历三月初三", "lunar new year"): the recognizers read "正月十五" as
 * 15 January, a month or more off; this project has no lunar calendar, so such a day is not read at all.
 */
const LUNAR_DAY = /农历|阴历|旧历|老历|正月|冬月|腊月|[一二三四五六七八九十]月(?:初|廿)|(?<!月)初[一二三四五六七八九十]|\blunar\b|chinese calendar/i;

/** The zone the citizens live in: "today" and "yesterday" are days there, whatever zone the server runs in. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * Finds the day a citizen means in `text`, resolving "yesterday" or "上周一" against the instant `now`
 * as seen in `timeZone`. A day without a year ("3月3日", "10 Oct"), a bare weekday ("Monday") or a bare
 * day of the month means the most recent such day that is not after today, because the flows ask about
 * things that already happened; an explicit year, or a relative word such as "tomorrow", is kept as
 * written even when it is in the future, so the flow, not this function, decides what is acceptable.
 * The other locale's recognizer is tried when the first finds no day, as clients often report the wrong language.
 */
export function understandDate(
  text: string,
  locale: Locale,
  now: Date,
  timeZone: string = DEFAULT_TIME_ZONE,
  options: DateOptions = {},
): DateUnderstanding {
  const today = todayIn(timeZone, now);
  const reference = wallClockReference(now, timeZone);
  // NFKC turns full-width digits and slashes ("３／３") into the ASCII the recognizers expect.
  const normalized = text.normalize('NFKC');
  if (LUNAR_DAY.test(normalized)) return { status: 'lunar' };
  const order: readonly Locale[] = locale === 'zh-CN' ? ['zh-CN', 'en-US'] : ['en-US', 'zh-CN'];
  for (const recognizerLocale of order) {
    const date = findFirstDay(normalized, recognizerLocale, reference, today, options.yearless ?? 'mostRecent');
    if (date) return { status: 'date', date };
  }
  return { status: 'none' };
}

// ---------------------------------------------------------------------------------------------
// Reference instant

const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The recognizer reads the *local* fields of its reference Date (getDate, getDay…), i.e. the
 * process's time zone. So build a Date whose local fields show the wall-clock time in `timeZone`.
 */
function wallClockReference(now: Date, timeZone: string): Date {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(now);
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value);
  const [year, month, day] = [field('year'), field('month'), field('day')];
  const reference = new Date(year, month - 1, day, field('hour'), field('minute'), field('second'));
  const isSameDay = reference.getFullYear() === year && reference.getMonth() === month - 1 && reference.getDate() === day;
  // A wall-clock time the process's zone skips (a daylight-saving gap) is moved forward, which could
  // cross midnight in a zone that skips midnight itself; noon always exists, and only the day matters.
  return isSameDay ? reference : new Date(year, month - 1, day, 12);
}

// ---------------------------------------------------------------------------------------------
// Recognizer boundary

const models = new Map<Locale, IDateTimeModel>();

function modelFor(locale: Locale): IDateTimeModel {
  let model = models.get(locale);
  if (!model) {
    // Building a model compiles hundreds of patterns, so do it once per language, on first use.
    const culture = locale === 'zh-CN' ? Culture.Chinese : Culture.English;
    model = new DateTimeRecognizer(culture).getDateTimeModel(culture, false);
    models.set(locale, model);
  }
  return model;
}

// The library types its resolution loosely; read only the fields used, and drop what does not fit.
const recognizedEntitySchema = z.object({
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  typeName: z.string(),
  resolution: z
    .object({ values: z.array(z.object({ timex: z.string().optional(), Mod: z.string().optional() })) })
    .optional(),
});

const DAY_BEARING_TYPES = new Set([
  'datetimeV2.date',
  'datetimeV2.datetime',
  'datetimeV2.daterange',
  'datetimeV2.datetimerange',
]);

/** What one recognized piece of text pins down, before "most recent" rules fill in the rest. */
type Reading =
  | { kind: 'day'; date: CalendarDate }
  | { kind: 'monthDay'; month: number; day: number; isMonthRelative: boolean }
  | { kind: 'dayOfMonth'; day: number }
  | { kind: 'weekday'; weekday: number }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'year'; year: number };

interface Located {
  start: number;
  /** Index of the last character, inclusive, as the recognizer reports it. */
  end: number;
  reading: Reading;
}

/** How a day written without a year is placed: the latest not after today, or the nearest to today either way. */
export type YearlessDays = 'mostRecent' | 'nearest';

export interface DateOptions {
  /** 'nearest' for a day that may lie ahead (a company that will close "1月31号"); 'mostRecent' by default. */
  yearless?: YearlessDays;
}

function findFirstDay(text: string, locale: Locale, reference: Date, today: CalendarDate, yearless: YearlessDays): CalendarDate | undefined {
  const prepared = locale === 'zh-CN' ? normalizeChinese(text, today) : normalizeEnglish(text, today);
  const located: Located[] = [];
  for (const raw of modelFor(locale).parse(prepared, reference)) {
    const parsed = recognizedEntitySchema.safeParse(raw);
    if (!parsed.success || !DAY_BEARING_TYPES.has(parsed.data.typeName)) continue;
    const entity = parsed.data;
    const first = entity.resolution?.values[0];
    // "before 3 March" / "3月3日之前" name a bound, not the day; "since 3 March" does name it.
    if (!first?.timex || (first.Mod !== undefined && first.Mod !== 'since')) continue;
    if (isGluedToDigits(prepared, entity.start, entity.end)) continue;
    // "上上周一" comes back as "上周一" one character in; a doubled 上/下 is beyond the recognizer, and
    // no answer beats a day a week off.
    if (locale === 'zh-CN' && /^[上下]/.test(entity.text) && prepared.charAt(entity.start - 1) === entity.text.charAt(0)) continue;
    const reading = readTimex(first.timex, locale === 'zh-CN' && /[上下这本]个?月/.test(entity.text));
    if (reading) located.push({ start: entity.start, end: entity.end, reading: withRelativeMonth(reading, entity.text, today) });
  }
  located.sort((a, b) => a.start - b.start);

  for (let index = 0; index < located.length; index += 1) {
    const current = located[index];
    if (!current) break;
    const next = located[index + 1];
    if (next && isJoinedByConnector(prepared.slice(current.end + 1, next.start))) {
      const merged = mergeReadings(current.reading, next.reading);
      if (merged?.date) return merged.date;
      if (merged) {
        // "the 31st of last month" when last month had 30 days: no such day, and neither half alone is meant.
        index += 1;
        continue;
      }
    }
    const date = resolveReading(current.reading, today, yearless);
    if (date) return date;
  }
  return undefined;
}

const RELATIVE_MONTH_OFFSETS: Readonly<Record<string, number>> = { last: -1, previous: -1, this: 0, next: 1 };

/**
 * "the 15th of next month" said in December comes back from the English recognizer as the 15th of January of the
 * same year, a year early: the day of a relative month is placed in the month the words name, counted from today.
 */
function withRelativeMonth(reading: Reading, text: string, today: CalendarDate): Reading {
  const relative = /\b(last|previous|this|next) month\b/i.exec(text);
  if (!relative || reading.kind !== 'day') return reading;
  const monthIndex = today.year * 12 + (today.month - 1) + (RELATIVE_MONTH_OFFSETS[(relative[1] ?? '').toLowerCase()] ?? 0);
  const date = { year: Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1, day: reading.date.day };
  return isValidCalendarDate(date) ? { kind: 'day', date } : reading;
}

/** A match inside a longer run of digits (a phone or card number) is not a date. */
function isGluedToDigits(text: string, start: number, end: number): boolean {
  return /\d/.test(text.charAt(start - 1)) || /\d/.test(text.charAt(end + 1));
}

// ---------------------------------------------------------------------------------------------
// Normalisation the recognizer needs (each line is a phrasing it misses on its own)

const CHINESE_NUMBER = '[0-9〇零一二两三四五六七八九十]';
const RELATIVE_YEARS: Readonly<Record<string, number>> = { 大前年: -3, 前年: -2, 去年: -1, 今年: 0, 明年: 1 };
const RELATIVE_YEAR_BEFORE_MONTH = new RegExp(`(大前年|前年|去年|今年|明年)(?=${CHINESE_NUMBER}{1,3}月)`, 'g');
const RELATIVE_MONTH_DE_DAY = new RegExp(`([上下这本]个?月)的(?=${CHINESE_NUMBER}{1,3}[号日])`, 'g');
const HALF_MONTH_AGO = /半个月(?=以前|之前|前)/g;
const WEEKS_AGO_AS_XINGQI = new RegExp(`(${CHINESE_NUMBER}+)个?(?:星期|礼拜)(?=以前|之前|前)`, 'g');
const SPAN_YIQIAN = new RegExp(`(${CHINESE_NUMBER}+(?:天|周|个月))(?:以前|之前)`, 'g');

/** "3号" alone (no month before it, nor a digit). */
const BARE_DAY_OF_MONTH = /(?<![\d月])(\d{1,2})(?=[号日])/g;
/** "11.3": a month and a day joined by a dot, not part of a longer number. */
const DOTTED_MONTH_DAY = /(?<![\d.])(1[0-2]|0?[1-9])\.(3[01]|[12]\d|0?[1-9])(?![\d.])/g;

const CHINESE_WEEKDAYS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 0, 天: 0, 七: 0 };
/** "上上周二", "两周前的周二", "两个星期前的星期二": a weekday of the week (Monday to Sunday) before last. */
const WEEKDAY_OF_WEEK_BEFORE_LAST = /(?:上上(?:个)?(?:周|星期|礼拜)|(?:两|2)(?:个)?(?:周|星期|礼拜)(?:前|以前|之前)的?(?:周|星期|礼拜))([一二三四五六日天七])/g;

/** The day of `weekday` (0 = Sunday) in the week, Monday to Sunday, `weeksBack` weeks before today's. */
function weekdayOfWeekBefore(today: CalendarDate, weeksBack: number, weekday: number): CalendarDate {
  const monday = addDays(today, -((weekdayIndex(today) + 6) % 7));
  return addDays(monday, -7 * weeksBack + ((weekday + 6) % 7));
}

function normalizeChinese(text: string, today: CalendarDate): string {
  return (
    text
      // "上上周二" comes back as 上周二, a week off, and "两周前的周二" as the Sunday two weeks ago: write the day out.
      .replace(WEEKDAY_OF_WEEK_BEFORE_LAST, (_match, weekday: string) => {
        const date = weekdayOfWeekBefore(today, 2, CHINESE_WEEKDAYS[weekday] ?? 0);
        return `${date.year}年${date.month}月${date.day}日`;
      })
      // "11.3" is 11月3日, as Chinese writes month before day; the recognizer finds nothing in it.
      .replace(DOTTED_MONTH_DAY, '$1月$2日')
      // "去年12月1日": the recognizer drops 去年 and keeps only "12月1日"; write the year out.
      .replace(RELATIVE_YEAR_BEFORE_MONTH, (word) => `${today.year + (RELATIVE_YEARS[word] ?? 0)}年`)
      // "上个月的3号": the 的 hides the day from the recognizer, which reads "上个月3号" fine.
      .replace(RELATIVE_MONTH_DE_DAY, '$1')
      // "半个月前" comes back as today; half a month is read as fifteen days.
      .replace(HALF_MONTH_AGO, '15天')
      // "两个星期前" comes back with no day, while "两周前" works.
      .replace(WEEKS_AGO_AS_XINGQI, '$1周')
      // "三天以前" / "两周之前" come back as a duration, while "三天前" is a date.
      .replace(SPAN_YIQIAN, '$1前')
      // "3号" alone is a day of this month, or of last month when this month's is still ahead.
      .replace(BARE_DAY_OF_MONTH, (day) => `${Number(day) <= today.day ? '本月' : '上个月'}${day}`)
  );
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const MONTH_WORD = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const YEAR_BEFORE_MONTH_DAY = new RegExp(`\\b((?:19|20)\\d{2})\\s*,?\\s+(${MONTH_WORD})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'gi');
const LAST_WEEKDAY = new RegExp(`\\blast\\s+(${WEEKDAY_NAMES.join('|')})\\b`, 'gi');
const FORTNIGHT_AGO = /\ba\s+fortnight\s+ago\b/gi;
const WEEK_COUNTS: Readonly<Record<string, number>> = { a: 1, one: 1, two: 2, three: 3, four: 4 };
const WEEKDAY_WORD = `(${WEEKDAY_NAMES.join('|')})`;
const WEEKS_AGO = '(a|one|two|three|four|[1-4])\\s+weeks?\\s+ago';
/** "two weeks ago Tuesday", "Tuesday two weeks ago", "the Tuesday before last". */
const WEEKS_AGO_WEEKDAY = new RegExp(`\\b${WEEKS_AGO}(?:\\s+on)?,?\\s+(?:last\\s+)?${WEEKDAY_WORD}\\b`, 'gi');
const WEEKDAY_WEEKS_AGO = new RegExp(`\\b(?:on\\s+)?(?:the\\s+)?${WEEKDAY_WORD},?\\s+${WEEKS_AGO}\\b`, 'gi');
const WEEKDAY_BEFORE_LAST = new RegExp(`\\b(?:the\\s+)?${WEEKDAY_WORD}\\s+before\\s+last\\b`, 'gi');

const BARE_ORDINAL_DAY = /(?<!\bon\s)\bthe\s+(\d{1,2}(?:st|nd|rd|th))\b(?!\s+of\b)/gi;
/** "3rd", "3rd I think" opening the message, with no month after it ("3rd March" and "3rd of May" are read as they are). */
const LEADING_ORDINAL_DAY = /^\s*(\d{1,2}(?:st|nd|rd|th))\b(?!\s*(?:of\b|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i;

function spelledOut(date: CalendarDate): string {
  return `${MONTH_NAMES[date.month - 1] ?? ''} ${date.day}, ${date.year}`;
}

/** The most recent `weekday` before today (1 to 7 days back), `weeksBack - 1` weeks further back. */
function weekdayWeeksAgo(today: CalendarDate, weekday: string, weeksBack: number): string {
  const target = WEEKDAY_NAMES.indexOf(weekday.toLowerCase() as (typeof WEEKDAY_NAMES)[number]);
  return spelledOut(addDays(today, -((weekdayIndex(today) - target + 7) % 7 || 7) - 7 * (weeksBack - 1)));
}

/** A count of weeks as written: "two", "a", "3". */
function weekCount(written: string): number {
  return WEEK_COUNTS[written.toLowerCase()] ?? Number(written);
}

function normalizeEnglish(text: string, today: CalendarDate): string {
  return (
    text
      // "2025, March 3": the recognizer keeps "March 3" and drops the year before it.
      .replace(YEAR_BEFORE_MONTH_DAY, (_match, year: string, month: string, day: string) => `${month} ${day}, ${year}`)
      .replace(FORTNIGHT_AGO, '2 weeks ago')
      // A weekday some weeks back: the recognizer keeps only one half ("Tuesday" or "two weeks ago").
      .replace(WEEKS_AGO_WEEKDAY, (_match, weeks: string, weekday: string) => weekdayWeeksAgo(today, weekday, weekCount(weeks)))
      .replace(WEEKDAY_WEEKS_AGO, (_match, weekday: string, weeks: string) => weekdayWeeksAgo(today, weekday, weekCount(weeks)))
      .replace(WEEKDAY_BEFORE_LAST, (_match, weekday: string) => weekdayWeeksAgo(today, weekday, 2))
      // "last Tuesday" said on a Saturday is the Tuesday four days ago, the most recent one; the recognizer takes it
      // as the previous week's, as 上周二 is (1 to 7 days back, never today).
      .replace(LAST_WEEKDAY, (_match, weekday: string) => weekdayWeeksAgo(today, weekday, 1))
      // "the 3rd" alone comes back as nothing, while "on the 3rd" is the most recent 3rd.
      .replace(BARE_ORDINAL_DAY, 'on the $1')
      .replace(LEADING_ORDINAL_DAY, 'on the $1')
  );
}

/** "of", "on", a comma or 的 between two pieces that together make one day ("the 5th of last month"). */
function isJoinedByConnector(gap: string): boolean {
  return /^[\s,，]*(?:of|on|in|的)?[\s,，]*$/i.test(gap);
}

// ---------------------------------------------------------------------------------------------
// Reading TIMEX values

/** Reads the day part of a TIMEX value; ranges ("(2026-03-01,2026-03-05,P4D)") give their start. */
function readTimex(timex: string, isMonthRelative: boolean): Reading | undefined {
  const start = timex.startsWith('(') ? timex.slice(1).split(',')[0] ?? '' : timex;
  const datePart = start.split('T')[0] ?? '';
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(datePart))) {
    const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
    return isValidCalendarDate(date) ? { kind: 'day', date } : undefined;
  }
  if ((match = /^XXXX-(\d{2})-(\d{2})$/.exec(datePart))) {
    const month = Number(match[1]);
    const day = Number(match[2]);
    // Check against a leap year, so 29 February is kept and 30 February is not.
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(2000, month)
      ? { kind: 'monthDay', month, day, isMonthRelative }
      : undefined;
  }
  if ((match = /^XXXX-XX-(\d{2})$/.exec(datePart))) {
    const day = Number(match[1]);
    return day >= 1 && day <= 31 ? { kind: 'dayOfMonth', day } : undefined;
  }
  if ((match = /^XXXX-WXX-([1-7])$/.exec(datePart))) {
    // TIMEX counts Monday = 1 … Sunday = 7; CalendarDate counts Sunday = 0.
    return { kind: 'weekday', weekday: Number(match[1]) % 7 };
  }
  if ((match = /^(\d{4})-(\d{2})$/.exec(datePart))) {
    return { kind: 'month', year: Number(match[1]), month: Number(match[2]) };
  }
  if ((match = /^(\d{4})$/.exec(datePart))) {
    return { kind: 'year', year: Number(match[1]) };
  }
  return undefined;
}

/**
 * Joins "the 5th" with "last month", or "March 1" with "last year", which the recognizer returns apart.
 * Undefined when the two do not fit together; `date` undefined when they do but name no real day.
 */
function mergeReadings(a: Reading, b: Reading): { date: CalendarDate | undefined } | undefined {
  for (const [first, second] of [
    [a, b],
    [b, a],
  ] as const) {
    let date: CalendarDate | undefined;
    if (first.kind === 'dayOfMonth' && second.kind === 'month') {
      date = { year: second.year, month: second.month, day: first.day };
    } else if (first.kind === 'monthDay' && second.kind === 'year') {
      date = { year: second.year, month: first.month, day: first.day };
    } else if (first.kind === 'monthDay' && second.kind === 'month' && first.month === second.month) {
      // "next month, 15 January": the month named twice, its year from the relative one.
      date = { year: second.year, month: first.month, day: first.day };
    }
    if (date) return { date: isValidCalendarDate(date) ? date : undefined };
  }
  return undefined;
}

function resolveReading(reading: Reading, today: CalendarDate, yearless: YearlessDays): CalendarDate | undefined {
  switch (reading.kind) {
    case 'day':
      return reading.date;
    case 'monthDay':
      if (reading.isMonthRelative) return inNearestYear(reading.month, reading.day, today);
      return yearless === 'nearest' ? nearestMonthDay(reading.month, reading.day, today) : mostRecentMonthDay(reading.month, reading.day, today);
    case 'dayOfMonth':
      return mostRecentDayOfMonth(reading.day, today);
    case 'weekday':
      return addDays(today, -((weekdayIndex(today) - reading.weekday + 7) % 7));
    case 'month':
    case 'year':
      return undefined;
  }
}

/** "3月3日": this year's if it is not after today, else last year's (29 February: the last leap year's). */
function mostRecentMonthDay(month: number, day: number, today: CalendarDate): CalendarDate | undefined {
  // Eight years always reach a leap year, even across 2100.
  for (let year = today.year; year >= today.year - 8; year -= 1) {
    const candidate = { year, month, day };
    if (isValidCalendarDate(candidate) && compareDates(candidate, today) <= 0) return candidate;
  }
  return undefined;
}

/** "1月31号" for a day that may lie ahead: last year's, this year's or next year's, whichever is nearest today (the past on a tie). */
function nearestMonthDay(month: number, day: number, today: CalendarDate): CalendarDate | undefined {
  let best: { date: CalendarDate; distance: number } | undefined;
  for (const year of [today.year - 1, today.year, today.year + 1]) {
    const date = { year, month, day };
    if (!isValidCalendarDate(date)) continue;
    const distance = Math.abs(daysBetween(today, date));
    if (!best || distance < best.distance) best = { date, distance };
  }
  return best?.date ?? mostRecentMonthDay(month, day, today);
}

/** "上个月3号" / "这个月30号": the month is relative to today's, so take the year that puts it nearest. */
function inNearestYear(month: number, day: number, today: CalendarDate): CalendarDate | undefined {
  const todayIndex = today.year * 12 + today.month;
  const year = [today.year - 1, today.year, today.year + 1].reduce((best, candidate) =>
    Math.abs(candidate * 12 + month - todayIndex) < Math.abs(best * 12 + month - todayIndex) ? candidate : best,
  );
  const date = { year, month, day };
  return isValidCalendarDate(date) ? date : undefined;
}

/** "the 5th" alone: this month's if not after today, else the latest earlier month that has that day. */
function mostRecentDayOfMonth(day: number, today: CalendarDate): CalendarDate | undefined {
  for (let back = 0; back < 12; back += 1) {
    const monthIndex = today.year * 12 + (today.month - 1) - back;
    const candidate = { year: Math.floor(monthIndex / 12), month: (monthIndex % 12) + 1, day };
    if (isValidCalendarDate(candidate) && compareDates(candidate, today) <= 0) return candidate;
  }
  return undefined;
}
