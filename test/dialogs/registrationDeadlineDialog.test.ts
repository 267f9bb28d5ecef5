import { RegistrationDeadlineDialog } from '../../dialogs/registrationDeadlineDialog.js';
import { formatLongDate, type CalendarDate } from '../../src/dates/calendarDate.js';
import type { Locale } from '../../src/locale.js';
import { LOCALES, WalkthroughWorld, play, type ReplyExpectation, type TranscriptTurn } from './walkthroughHarness.js';

const flow = { kind: 'dialog', topic: RegistrationDeadlineDialog.id };
const askEvent: ReplyExpectation = {
  ...flow,
  keys: ['registrationDeadline.askEvent'],
  actionKeys: ['registrationDeadline.eventLabel.established', 'registrationDeadline.eventLabel.changed', 'registrationDeadline.eventLabel.terminated'],
};
const askDate = (event: string): ReplyExpectation => ({ ...flow, keys: [`registrationDeadline.askDate.${event}`] });
const start: TranscriptTurn = { user: '>>rd', bot: [askEvent] };

const day = (year: number, month: number, dayOfMonth: number): CalendarDate => ({ year, month, day: dayOfMonth });

/** The answer for `event` from `from` to `last`, with the line saying how that stands against today (20 March 2026). */
function deadline(locale: Locale, event: string, from: CalendarDate, last: CalendarDate, status: [string, Record<string, string | number>?]): ReplyExpectation {
  const dates = { start: formatLongDate(from, locale), last: formatLongDate(last, locale) };
  const [statusKey, statusParams] = status;
  const keys: ReplyExpectation['keys'] = [[`registrationDeadline.deadline.${event}`, dates], [`registrationDeadline.${statusKey}`, { last: dates.last, ...statusParams }], 'registrationDeadline.source'];
  if (event === 'established') keys.push('registrationDeadline.whatToBring');
  return { ...flow, keys };
}

const transcripts: { name: string; turns: (locale: Locale) => TranscriptTurn[] }[] = [
  {
    name: 'gives a new employer its last day, 30 days on, with the weekday, what to bring and the 15-day examination',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '新成立', 'en-US': 'Newly established' }, bot: [askDate('established')] },
      { user: { 'zh-CN': '2026年3月3日', 'en-US': '3 March 2026' }, bot: [deadline(locale, 'established', day(2026, 3, 3), day(2026, 4, 2), ['daysLeft', { days: 13 }])] },
    ],
  },
  {
    name: 'says plainly that a change-of-registration deadline has passed, and to contact the agency',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '地址变了', 'en-US': 'we moved' }, bot: [askDate('changed')] },
      { user: { 'zh-CN': '2026年1月5日', 'en-US': '5 January 2026' }, bot: [deadline(locale, 'changed', day(2026, 1, 5), day(2026, 2, 4), ['passed', { days: 44 }])] },
    ],
  },
  {
    name: 'takes a move of office told in a question of its own as a change of registration',
    turns: () => [
      start,
      {
        user: { 'zh-CN': '另外我们下个月要改名 社保那边也得去弄吗', 'en-US': "also we're moving office next month, do we have to update anything with the social insurance agency" },
        bot: [askDate('changed')],
      },
    ],
  },
  {
    name: 'says when today is the last day to cancel the registration of a terminated employer',
    turns: (locale) => [
      start,
      { user: '3', bot: [askDate('terminated')] },
      { user: { 'zh-CN': '2026年2月18日', 'en-US': 'February 18, 2026' }, bot: [deadline(locale, 'terminated', day(2026, 2, 18), day(2026, 3, 20), ['lastDayToday'])] },
    ],
  },
  {
    name: 'says when only one day is left',
    turns: (locale) => [
      start,
      { user: '1', bot: [askDate('established')] },
      { user: { 'zh-CN': '2026年2月19日', 'en-US': '19 February 2026' }, bot: [deadline(locale, 'established', day(2026, 2, 19), day(2026, 3, 21), ['oneDayLeft'])] },
    ],
  },
  {
    name: 'says when the deadline was yesterday',
    turns: (locale) => [
      start,
      { user: '2', bot: [askDate('changed')] },
      { user: { 'zh-CN': '2026年2月17日', 'en-US': '17 February 2026' }, bot: [deadline(locale, 'changed', day(2026, 2, 17), day(2026, 3, 19), ['passedYesterday'])] },
    ],
  },
  {
    name: 'resolves a relative date against today in Shanghai',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '倒闭了', 'en-US': 'we closed down' }, bot: [askDate('terminated')] },
      { user: { 'zh-CN': '上周五', 'en-US': 'last Friday' }, bot: [deadline(locale, 'terminated', day(2026, 3, 13), day(2026, 4, 12), ['daysLeft', { days: 23 }])] },
    ],
  },
  {
    name: 'starts again from the event the citizen corrects it to at the date step, with the day the correction names',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '依法终止', 'en-US': 'Terminated' }, bot: [askDate('terminated')] },
      { user: { 'zh-CN': '不对，是新成立的', 'en-US': "actually no, it's a new company" }, bot: [askDate('established')] },
      { user: { 'zh-CN': '说错了，是地址变了，2026年3月3日', 'en-US': 'sorry, our address changed, on 3 March 2026' }, bot: [deadline(locale, 'changed', day(2026, 3, 3), day(2026, 4, 2), ['daysLeft', { days: 13 }])] },
    ],
  },
  {
    name: 'says what was wrong when the event or the date is not understood',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '不知道', 'en-US': 'no idea' }, bot: [{ ...askEvent, keys: ['registrationDeadline.unknownEvent', 'registrationDeadline.askEvent'] }] },
      { user: { 'zh-CN': '成立后又注销了', 'en-US': 'established and then closed' }, bot: [{ ...askEvent, keys: ['registrationDeadline.oneEvent'] }] },
      { user: { 'zh-CN': '成立', 'en-US': 'established' }, bot: [askDate('established')] },
      { user: { 'zh-CN': '很久以前', 'en-US': 'a while back' }, bot: [{ ...flow, keys: ['registrationDeadline.noDate', 'registrationDeadline.askDate.established'] }] },
      { user: { 'zh-CN': '2026年3月3日', 'en-US': '3 March 2026' }, bot: [deadline(locale, 'established', day(2026, 3, 3), day(2026, 4, 2), ['daysLeft', { days: 13 }])] },
    ],
  },
  {
    name: 'asks for the Gregorian date when given a lunar one ("正月十五" is not 15 January)',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '成立', 'en-US': 'established' }, bot: [askDate('established')] },
      { user: { 'zh-CN': '农历正月十五', 'en-US': 'on the 15th of the first lunar month' }, bot: [{ ...flow, keys: ['registrationDeadline.lunarDate', 'registrationDeadline.askDate.established'] }] },
      { user: { 'zh-CN': '2026年3月3日', 'en-US': '3 March 2026' }, bot: [deadline(locale, 'established', day(2026, 3, 3), day(2026, 4, 2), ['daysLeft', { days: 13 }])] },
    ],
  },
  {
    name: 'says from when the 30 days count, and ends, when the day is not fixed yet ("还没定 大概下个月吧")',
    turns: () => [
      start,
      { user: '3', bot: [askDate('terminated')] },
      { user: { 'zh-CN': '还没定 大概下个月吧', 'en-US': "not decided yet, probably next month" }, bot: [{ ...flow, keys: ['registrationDeadline.dateNotYetKnown.terminated'] }] },
    ],
  },
  {
    name: 'offers the menu after three dates it cannot understand',
    turns: () => [
      start,
      { user: '1', bot: [askDate('established')] },
      { user: { 'zh-CN': '很久以前', 'en-US': 'a while back' }, bot: [{ ...flow, keys: ['registrationDeadline.noDate'] }] },
      { user: { 'zh-CN': '记不得', 'en-US': 'no clue' }, bot: [{ ...flow, keys: ['registrationDeadline.noDate'] }] },
      { user: { 'zh-CN': '嗯嗯', 'en-US': 'hmm' }, bot: [{ ...flow, keys: ['walkthrough.gaveUp'], actionKeys: ['menu.registrationDeadline'] }] },
    ],
  },
  {
    name: 'answers at once when the request gives the event and the date',
    turns: (locale) => [
      {
        user: { 'zh-CN': '我们公司3月3日成立什么时候前要办社保登记', 'en-US': 'our company was set up on March 3, when is our registration deadline' },
        bot: [deadline(locale, 'established', day(2026, 3, 3), day(2026, 4, 2), ['daysLeft', { days: 13 }])],
      },
    ],
  },
  {
    name: 'reads a closure day given without a year as the nearest one, which may lie ahead',
    turns: (locale) => [
      start,
      { user: '3', bot: [askDate('terminated')] },
      { user: { 'zh-CN': '5月31日', 'en-US': 'May 31' }, bot: [deadline(locale, 'terminated', day(2026, 5, 31), day(2026, 6, 30), ['daysLeft', { days: 102 }])] },
    ],
  },
  {
    name: 'reads a day named before the event again once the event is known',
    turns: (locale) => [
      { user: { 'zh-CN': '帮我算一下社保登记的截止日期 5月31日', 'en-US': 'work out our registration deadline, the date is May 31' }, bot: [askEvent] },
      { user: '3', bot: [deadline(locale, 'terminated', day(2026, 5, 31), day(2026, 6, 30), ['daysLeft', { days: 102 }])] },
    ],
  },
  {
    name: 'takes the date from the answer that names the event',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '3月1日变更了', 'en-US': 'it changed on 1 March 2026' }, bot: [deadline(locale, 'changed', day(2026, 3, 1), day(2026, 3, 31), ['daysLeft', { days: 11 }])] },
    ],
  },
];

describe('RegistrationDeadlineDialog', () => {
  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      for (const { name, turns } of transcripts) {
        it(name, async () => {
          await play(new WalkthroughWorld().conversation(locale), turns(locale), name);
        });
      }
    });
  }
});
