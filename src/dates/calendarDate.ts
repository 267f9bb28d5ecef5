import type { Locale } from '../locale.js';

/** A day on the calendar with no time and no time zone: what a citizen means by "the date I was discharged". */
export interface CalendarDate {
  year: number;
  /** 1 = January … 12 = December. */
  month: number;
  /** 1 … 31. */
  day: number;
}

const MS_PER_DAY = 86_400_000;

/** Days in `month` (1-12) of `year`, leap years included. */
export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when the fields name a real day (no 30 February, no month 13). */
export function isValidCalendarDate(date: CalendarDate): boolean {
  const { year, month, day } = date;
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** 'YYYY-MM-DD'. */
export function toIsoDate(date: CalendarDate): string {
  const pad = (value: number, width: number): string => String(value).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Reads 'YYYY-MM-DD'; anything else, or a day that does not exist, gives undefined. */
export function parseIsoDate(text: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidCalendarDate(date) ? date : undefined;
}

// UTC midnight stands in for the day: UTC has no daylight saving, so day arithmetic never slips.
function toUtcMidnight(date: CalendarDate): Date {
  const instant = new Date(Date.UTC(date.year, date.month - 1, date.day));
  // Date.UTC maps years 0-99 to 1900-1999; set the year again so year 50 stays year 50.
  instant.setUTCFullYear(date.year);
  return instant;
}

function fromUtcMidnight(instant: Date): CalendarDate {
  return { year: instant.getUTCFullYear(), month: instant.getUTCMonth() + 1, day: instant.getUTCDate() };
}

/** The day `days` after `date` (negative goes back), across month and year ends. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtcMidnight(new Date(toUtcMidnight(date).getTime() + days * MS_PER_DAY));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtcMidnight(to).getTime() - toUtcMidnight(from).getTime()) / MS_PER_DAY);
}

/** Negative when `a` is before `b`, 0 when the same day, positive when after; fits Array.prototype.sort. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Day of the week, 0 = Sunday … 6 = Saturday (as Date.prototype.getDay). */
export function weekdayIndex(date: CalendarDate): number {
  return toUtcMidnight(date).getUTCDay();
}

const dayPartsFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day it is at instant `now` in the IANA zone `timeZone`, whatever zone this process runs in. */
export function todayIn(timeZone: string, now: Date): CalendarDate {
  let formatter = dayPartsFormatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for an unknown zone, which is a configuration mistake worth surfacing.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    dayPartsFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(now);
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value);
  return { year: field('year'), month: field('month'), day: field('day') };
}

/** The day written out in full for `locale`, weekday included, as Intl formats it ("Thursday, April 2, 2026"). */
export function formatLongDate(date: CalendarDate, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(toUtcMidnight(date));
}
