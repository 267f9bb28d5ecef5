import { MessageFactory } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import {
  addDays,
  compareDates,
  daysBetween,
  formatLongDate,
  parseIsoDate,
  todayIn,
  toIsoDate,
  type CalendarDate,
} from '../src/dates/calendarDate.js';
import { DEFAULT_TIME_ZONE, understandDate, type DateUnderstanding } from '../src/dates/dateUnderstanding.js';
import type { Locale } from '../src/locale.js';
import { looksSensitive, type StepAnswer } from './stepPrompt.js';
import { WalkthroughDialog, type WalkthroughDeps } from './walkthroughDialog.js';
import { EMPLOYER_EVENTS, isNotYetDecided, looksLikeQuestion, pickOneCorrected, withoutDeadlineWords, type EmployerEvent } from './walkthroughTerms.js';

const EVENT_STEP = 'registration-deadline.event';
const DATE_STEP = 'registration-deadline.date';
const STEPS = 'registration-deadline.steps';

/** Article 57: 30 days from establishment, change or termination. */
export const REGISTRATION_PERIOD_DAYS = 30;

/** What the employer's event step understood: the event, and the date when the same message gave one. */
interface EventAnswer {
  event: EmployerEvent;
  /** YYYY-MM-DD */
  date?: string;
}

/** What the waterfall remembers between its steps. */
interface DeadlineValues {
  event?: EmployerEvent;
  /** The request, when it did not say what happened: the day it may name is read once the event is known. */
  dateText?: string;
}

interface DateOptions {
  event: EmployerEvent;
}

/** The knowledge-base entry about each event: what a follow-up after the flow is read after. */
const EVENT_ENTRIES: Record<EmployerEvent, string> = {
  established: 'employer-registration',
  changed: 'employer-registration-change',
  terminated: 'employer-registration-change',
};

/** What the date step understood: a day, or another event than the one asked about ("actually it's a new company"). */
type DateAnswer = { date: string } | { changedTo: EventAnswer } | { notYetKnown: true };

/** The waterfall's options: the event already known when the citizen corrected it at the date step. */
interface StepsOptions {
  corrected?: EventAnswer;
  /** Begun by a follow-up to this entry ("不对，是11月10号" after a new employer's deadline): the event it is about. */
  afterEntryId?: string;
}


/**
 * Works out an employer's last day to apply for social insurance registration, change or
 * cancellation under Article 57: the event, its date, then the last day with its weekday and,
 * for a new employer, what to bring and how long the agency takes.
 */
export class RegistrationDeadlineDialog extends WalkthroughDialog {
  static readonly id = 'registration-deadline';
  readonly titleKey = 'registrationDeadline.title';

  constructor(deps: WalkthroughDeps) {
    super(RegistrationDeadlineDialog.id, deps);
    this.addStep<EventAnswer, object>(EVENT_STEP, {
      ask: async (_context, locale) =>
        MessageFactory.suggestedActions(
          EMPLOYER_EVENTS.map((event) => this.catalog.t(locale, `registrationDeadline.eventLabel.${event}`)),
          this.catalog.t(locale, 'registrationDeadline.askEvent'),
        ),
      recognise: ({ text, locale, now }) => this.#readEvent(text, locale, now),
      reasonKey: (reason) => (reason === 'several' ? 'registrationDeadline.oneEvent' : 'registrationDeadline.unknownEvent'),
      // "成立了，最晚哪天？" asks exactly what this flow answers.
      keepsQuestions: true,
    });
    this.addStep<DateAnswer, DateOptions>(DATE_STEP, {
      ask: async (_context, locale, { event }) => ({ text: this.catalog.t(locale, `registrationDeadline.askDate.${event}`) }),
      recognise: ({ text, locale, now }, { event }) => {
        // "不对，是新成立的" / "actually no, it's a new company": the citizen changed their mind about what happened. A
        // question that names another event ("那如果以后变更了呢？") is not a correction; it goes to the knowledge base.
        const named = looksLikeQuestion(this.deps.terms, text) ? undefined : this.#readEvent(text, locale, now);
        if (named?.isValid && named.value.event !== event) return { isValid: true, value: { changedTo: named.value } };
        // Naming the same event, the message was already read for its day, as this event's.
        if (named?.isValid && named.value.date !== undefined) return { isValid: true, value: { date: named.value.date } };
        const understood = this.#readDate(text, locale, now, event);
        if (understood.status === 'date') return { isValid: true, value: { date: toIsoDate(understood.date) } };
        if (understood.status === 'lunar') return { isValid: false, reason: 'lunarDate' };
        // "还没定 大概下个月吧", "not decided yet": there is no day to count from yet; asking again would only loop.
        return isNotYetDecided(this.deps.terms, text) ? { isValid: true, value: { notYetKnown: true } } : { isValid: false, reason: 'noDate' };
      },
      // "正月十五": the deadline is counted on the Gregorian calendar, which the citizen is asked for.
      reasonKey: (reason) => (reason === 'lunarDate' ? 'registrationDeadline.lunarDate' : 'registrationDeadline.noDate'),
      keepsQuestions: true,
    });
    this.addWaterfall(STEPS, [this.askEvent.bind(this), this.askDate.bind(this), this.answer.bind(this)]);
  }

  /** A request that already says what happened, and when ("我们公司3月3日成立…"), skips those questions. */
  private async askEvent(step: WaterfallStepContext<StepsOptions>): Promise<DialogTurnResult> {
    if (step.options?.corrected) return step.next(step.options.corrected);
    const request = step.context.activity.type === 'message' ? (step.context.activity.text ?? '') : '';
    const locale = this.locale(step.context);
    const now = this.now(step.context);
    const named = request !== '' && !looksSensitive(request) ? this.#readEvent(request, locale, now) : undefined;
    if (named?.isValid) return step.next(named.value);
    // A day told after the answer about new employers is a new employer's: only that entry names one event.
    if (step.options?.afterEntryId === 'employer-registration') {
      if (request !== '') (step.values as DeadlineValues).dateText = request;
      return step.next({ event: 'established' } satisfies EventAnswer);
    }
    // A day the request names is read once the event is known (a closure's "1月31号" may lie ahead).
    if (request !== '') (step.values as DeadlineValues).dateText = request;
    return step.beginDialog(EVENT_STEP);
  }

  private async askDate(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { event, date } = step.result as EventAnswer;
    const values = step.values as DeadlineValues;
    values.event = event;
    const known = date ?? this.#dayIn(values.dateText, step, event);
    if (known !== undefined) return step.next({ date: known } satisfies DateAnswer);
    return step.beginDialog(DATE_STEP, { event } satisfies DateOptions);
  }

  private async answer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as DateAnswer;
    // A corrected event starts over from it, with the day the correction named, if any.
    if ('changedTo' in answer) return step.replaceDialog(STEPS, { corrected: answer.changedTo } satisfies StepsOptions);
    const { event } = step.values as DeadlineValues;
    if ('notYetKnown' in answer) {
      if (!event) throw new Error('The event step always runs before the date step.');
      await this.say(step.context, this.catalog.t(this.locale(step.context), `registrationDeadline.dateNotYetKnown.${event}`));
      await this.rememberTopic(step.context, EVENT_ENTRIES[event]);
      return step.endDialog();
    }
    const start = parseIsoDate(answer.date);
    if (!start || !event) throw new Error('The event and date steps always run before the answer.');
    await this.say(step.context, this.#deadlineMessage(event, start, this.locale(step.context), this.now(step.context)));
    await this.rememberTopic(step.context, EVENT_ENTRIES[event]);
    return step.endDialog();
  }

  #deadlineMessage(event: EmployerEvent, start: CalendarDate, locale: Locale, now: Date): string {
    const t = (key: string, params?: Record<string, string | number>) => this.catalog.t(locale, `registrationDeadline.${key}`, params);
    const last = addDays(start, REGISTRATION_PERIOD_DAYS);
    const today = todayIn(DEFAULT_TIME_ZONE, now);
    const order = compareDates(today, last);
    const lines = [t(`deadline.${event}`, { start: formatLongDate(start, locale), last: formatLongDate(last, locale) })];
    const lastDay = formatLongDate(last, locale);
    if (order === 0) {
      lines.push(t('lastDayToday'));
    } else if (order < 0) {
      const days = daysBetween(today, last);
      lines.push(days === 1 ? t('oneDayLeft') : t('daysLeft', { days }));
    } else {
      const days = daysBetween(last, today);
      lines.push(days === 1 ? t('passedYesterday', { last: lastDay }) : t('passed', { last: lastDay, days }));
    }
    if (event === 'established') lines.push(t('whatToBring'));
    lines.push(t('source'));
    return lines.join('\n\n');
  }

  /**
   * The day a message names, ignoring the words about the deadline ("最后一天" is not a date here). A closure is
   * often still ahead, so for it a day without a year is the nearest one ("1月31号" in December is next January's);
   * the other events have happened, and it is the latest one not after today.
   */
  #readDate(text: string, locale: Locale, now: Date, event?: EmployerEvent): DateUnderstanding {
    return understandDate(withoutDeadlineWords(this.deps.terms, text), locale, now, DEFAULT_TIME_ZONE, {
      yearless: event === 'terminated' ? 'nearest' : 'mostRecent',
    });
  }

  /** The day the request named, YYYY-MM-DD, read for `event`; undefined when it named none. */
  #dayIn(request: string | undefined, step: WaterfallStepContext, event: EmployerEvent): string | undefined {
    if (request === undefined) return undefined;
    const understood = this.#readDate(request, this.locale(step.context), this.now(step.context), event);
    return understood.status === 'date' ? toIsoDate(understood.date) : undefined;
  }

  #readEvent(text: string, locale: Locale, now: Date): StepAnswer<EventAnswer> {
    // "不对不对，是公司地址变更了，不是新成立": the event named after a correction, or the one not ruled out.
    const picked = pickOneCorrected(this.deps.terms, this.deps.terms.employerEvents, EMPLOYER_EVENTS, text);
    if (!picked.isValid) return picked;
    // "2" picks the second event; it is not the 2nd of the month.
    const date = /^\s*\d\s*$/.test(text) ? { status: 'none' as const } : this.#readDate(text, locale, now, picked.value);
    return { isValid: true, value: date.status === 'date' ? { event: picked.value, date: toIsoDate(date.date) } : { event: picked.value } };
  }
}
