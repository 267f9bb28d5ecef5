import { MessageFactory, type TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { compareDates, todayIn, toIsoDate } from '../src/dates/calendarDate.js';
import { DEFAULT_TIME_ZONE, understandDate } from '../src/dates/dateUnderstanding.js';
import type { Locale } from '../src/locale.js';
import {
  CHECKLIST_ITEMS,
  missingItems,
  newChecklist,
  sortItems,
  type ChecklistItem,
  type ChecklistProgress,
  type ChecklistStore,
} from '../src/reimbursement/checklistProgress.js';
import { readChecklistAnswer, saysWhatIsHad, type ChecklistUpdate } from './checklistAnswer.js';
import { itemLabel, itemList, startedOn, statusText, summaryActivity } from './checklistView.js';
import { WalkthroughDialog, type WalkthroughDeps } from './walkthroughDialog.js';
import { asksInWords, isUnsure, looksLikeQuestion, readYesNo } from './walkthroughTerms.js';

const CONTINUE_STEP = 'reimbursement-checklist.continue';
const REFERRAL_STEP = 'reimbursement-checklist.referral';
const DATE_STEP = 'reimbursement-checklist.date';
const ITEMS_STEP = 'reimbursement-checklist.items';
const MAIN = 'reimbursement-checklist.main';
const ITEMS_LOOP = 'reimbursement-checklist.itemsLoop';
/** The date step's answer when the citizen does not remember the day. */
const NO_DATE = '';
/** What the day step returns for a referral answer corrected there ("其实转诊办过了" after "没有转诊"): not a day. */
const REFERRAL_CORRECTED = { yes: 'referral:yes', no: 'referral:no' } as const;
const DATE_LOOP = 'reimbursement-checklist.dateLoop';

/** How the flow was begun: by a request to check documents, or by "my checklist". */
export interface ReimbursementChecklistOptions {
  origin?: 'request' | 'my-checklist' | 'update';
  /** With origin 'update': papers found or lost, told outside the flow ("银行卡和病历本找到了"), for the open list. */
  update?: ChecklistUpdate;
}

/** What the items question acknowledges from the previous answer. */
interface ItemsQuestionOptions {
  have?: ChecklistItem[];
  missing?: ChecklistItem[];
}

export interface ReimbursementChecklistDeps extends WalkthroughDeps {
  checklist: ChecklistStore;
}

/** What the main waterfall remembers between its steps. */
interface ChecklistValues {
  wasOffered?: boolean;
  isResuming?: boolean;
}

/** The papers the flow still asks about: without a referral, every other one; the summary says the referral is missing. */
function stillToAsk(progress: ChecklistProgress): ChecklistItem[] {
  return missingItems(progress).filter((item) => item !== 'referral' || progress.hadNoReferral !== true);
}

/** A saved checklist is worth offering when it is unfinished and holds something. */
function isWorthResuming(progress: ChecklistProgress | undefined): boolean {
  return progress !== undefined && !progress.isFinished && (progress.items.length > 0 || progress.treatmentDate !== undefined);
}

/**
 * The documents for reimbursing treatment in another place (异地就医), as the seed lists them: first
 * the referral, then the treatment date, then the items the citizen has, several at a time, until the
 * list is complete or they stop; then a summary saying where to submit. Progress lives in user state,
 * so a citizen who comes back days later, in a new conversation, is offered to continue.
 */
export class ReimbursementChecklistDialog extends WalkthroughDialog {
  static readonly id = 'reimbursement-checklist';
  readonly titleKey = 'reimbursement.title';
  readonly #store: ChecklistStore;

  constructor(deps: ReimbursementChecklistDeps) {
    super(ReimbursementChecklistDialog.id, deps);
    this.#store = deps.checklist;
    const { terms } = deps;
    const yesNoReason = (unsureKey: string) => (reason: string) => (reason === 'unsure' ? unsureKey : 'walkthrough.answerYesOrNo');

    this.addStep<boolean, object>(CONTINUE_STEP, {
      ask: async (context, locale) => {
        const progress = await this.#progress(context);
        const offer = this.catalog.t(locale, 'reimbursement.resumeOffer', {
          date: startedOn(progress, locale),
          have: progress.items.length,
          total: CHECKLIST_ITEMS.length,
        });
        return MessageFactory.suggestedActions(
          [this.catalog.t(locale, 'reimbursement.continueLabel'), this.catalog.t(locale, 'reimbursement.restartLabel')],
          `${offer}\n\n${statusText(this.catalog, locale, progress)}\n\n${this.catalog.t(locale, 'reimbursement.askContinue')}`,
        );
      },
      recognise: ({ text }) => readYesNo(terms, text),
      reasonKey: () => 'reimbursement.continueOrRestart',
    });
    this.addStep<boolean, object>(REFERRAL_STEP, {
      ask: async (_context, locale) =>
        MessageFactory.suggestedActions(
          [this.catalog.t(locale, 'walkthrough.yes'), this.catalog.t(locale, 'walkthrough.no')],
          this.catalog.t(locale, 'reimbursement.askReferral'),
        ),
      recognise: ({ text }) => readYesNo(terms, text),
      reasonKey: yesNoReason('reimbursement.referralUnsure'),
    });
    this.addStep<string, object>(DATE_STEP, {
      ask: async (_context, locale) => ({ text: this.catalog.t(locale, 'reimbursement.askDate') }),
      recognise: ({ text, locale, now }) => {
        // "记不清了", "I don't remember the day": the date only labels the checklist, so it is left out rather than
        // asked for again ("the day" alone would read as today). A number keeps its date: "不记得了 好像是3号".
        if (isUnsure(terms, text) && !/\d/.test(text)) return { isValid: true, value: NO_DATE };
        const understood = understandDate(text, locale, now, DEFAULT_TIME_ZONE);
        // "哦不好意思，其实转诊办过了": the referral's answer corrected, with no day; a question about it is the knowledge base's.
        if (understood.status === 'none' && !looksLikeQuestion(terms, text) && terms.checklist.find(text).some((hit) => hit.key === 'item:referral')) {
          // The last yes or no is the corrected one ("哦不好意思…其实转诊办过了" opens with 不).
          const last = terms.yesNo.find(text).filter((hit) => hit.key !== 'unsure').at(-1);
          if (last !== undefined) return { isValid: true, value: last.key === 'yes' ? REFERRAL_CORRECTED.yes : REFERRAL_CORRECTED.no };
        }
        if (understood.status !== 'date') return { isValid: false, reason: understood.status === 'lunar' ? 'lunarDate' : 'noDate' };
        // Treatment already happened: a day after today is a slip, not an answer.
        if (compareDates(understood.date, todayIn(DEFAULT_TIME_ZONE, now)) > 0) return { isValid: false, reason: 'future' };
        return { isValid: true, value: toIsoDate(understood.date) };
      },
      reasonKey: (reason) => (reason === 'future' ? 'reimbursement.dateInFuture' : reason === 'lunarDate' ? 'reimbursement.lunarDate' : 'reimbursement.noDate'),
      // A date is the answer even in "昨天出院的，能报吗？"; nothing in the knowledge base is a date.
      keepsQuestions: true,
    });
    this.addStep<ChecklistUpdate, ItemsQuestionOptions>(ITEMS_STEP, {
      // What the last answer changed is acknowledged once, not again on every re-prompt.
      ask: async (context, locale, options, isFirstAsk) => this.#itemsQuestion(await this.#progress(context), locale, isFirstAsk ? options : {}),
      // A question about an item ("用别人的银行卡可以吗", "where do I get the list of expenses?") is not an answer: the
      // knowledge base answers it first if it can, and the step must not tick the item it names. "银行卡呢？" only names it.
      // One that also says what is had ("got everything except his bank card, idk where he put it") answers, unless the
      // knowledge base answers its question first.
      recognise: ({ text }) =>
        (terms.questionWhereOrHow.find(text).length > 0 || asksInWords(terms, text)) && !saysWhatIsHad(terms, text)
          ? { isValid: false, reason: 'asksAboutItem' }
          : readChecklistAnswer(terms, text),
      reasonKey: (reason) => (reason === 'asksAboutItem' ? 'reimbursement.askedAboutItem' : 'reimbursement.noItems'),
    });

    this.addWaterfall(ITEMS_LOOP, [this.askItems.bind(this), this.recordItems.bind(this)]);
    this.addWaterfall(DATE_LOOP, [this.askDate.bind(this), this.recordDate.bind(this)]);
    this.addWaterfall(MAIN, [
      this.offerSaved.bind(this),
      this.startOrResume.bind(this),
      this.askReferral.bind(this),
      this.recordReferral.bind(this),
      this.askDate.bind(this),
      this.recordDate.bind(this),
    ]);
  }

  /** A saved, unfinished checklist is offered first; "my checklist" on a finished one shows its summary. */
  private async offerSaved(step: WaterfallStepContext<ReimbursementChecklistOptions>): Promise<DialogTurnResult> {
    const saved = await this.#store.get(step.context);
    // Papers reported for the open list go straight onto it, and the list goes on from there.
    const { update } = step.options;
    if (step.options.origin === 'update' && update !== undefined && saved !== undefined && !saved.isFinished) {
      const have = await this.#apply(step.context, update);
      return step.replaceDialog(ITEMS_LOOP, { have, missing: update.missing } satisfies ItemsQuestionOptions);
    }
    if (isWorthResuming(saved)) {
      (step.values as ChecklistValues).wasOffered = true;
      return step.beginDialog(CONTINUE_STEP);
    }
    if (saved?.isFinished && step.options.origin === 'my-checklist') {
      await this.say(step.context, summaryActivity(this.catalog, this.locale(step.context), saved, step.context.activity.channelId));
      return step.endDialog();
    }
    return step.next();
  }

  private async startOrResume(step: WaterfallStepContext<ReimbursementChecklistOptions>): Promise<DialogTurnResult> {
    const values = step.values as ChecklistValues;
    if (values.wasOffered === true && step.result === true) {
      values.isResuming = true;
      return step.next();
    }
    await this.#store.set(step.context, newChecklist(this.now(step.context)));
    return step.next();
  }

  private async askReferral(step: WaterfallStepContext<ReimbursementChecklistOptions>): Promise<DialogTurnResult> {
    if ((step.values as ChecklistValues).isResuming === true) return step.next();
    return step.beginDialog(REFERRAL_STEP);
  }

  private async recordReferral(step: WaterfallStepContext<ReimbursementChecklistOptions>): Promise<DialogTurnResult> {
    // "办了，上周三出的院" / "yes, and I was discharged on 28 November": a day told with the answer is not asked again.
    const now = this.now(step.context);
    const told = understandDate(step.context.activity.text ?? '', this.locale(step.context), now, DEFAULT_TIME_ZONE);
    if (typeof step.result === 'boolean' && told.status === 'date' && compareDates(told.date, todayIn(DEFAULT_TIME_ZONE, now)) <= 0) {
      await this.#update(step.context, (progress) => ({ ...progress, treatmentDate: toIsoDate(told.date) }));
    }
    if (step.result === true) {
      await this.#update(step.context, (progress) => ({ ...progress, items: sortItems([...progress.items, 'referral']), hadNoReferral: false }));
    } else if (step.result === false) {
      await this.#update(step.context, (progress) => ({ ...progress, hadNoReferral: true }));
      await this.say(step.context, this.catalog.t(this.locale(step.context), 'reimbursement.referralFirst'));
    }
    return step.next();
  }

  private async askDate(step: WaterfallStepContext<ReimbursementChecklistOptions>): Promise<DialogTurnResult> {
    const progress = await this.#progress(step.context);
    if (progress.treatmentDate !== undefined) return step.next();
    return step.beginDialog(DATE_STEP);
  }

  private async recordDate(step: WaterfallStepContext<ReimbursementChecklistOptions>): Promise<DialogTurnResult> {
    const date = step.result as string | undefined;
    if (date === REFERRAL_CORRECTED.yes || date === REFERRAL_CORRECTED.no) {
      const hadReferral = date === REFERRAL_CORRECTED.yes;
      await this.#update(step.context, (progress) => {
        const items = progress.items.filter((item) => item !== 'referral');
        return { ...progress, items: sortItems(hadReferral ? [...items, 'referral'] : items), hadNoReferral: !hadReferral };
      });
      await this.say(step.context, this.catalog.t(this.locale(step.context), hadReferral ? 'reimbursement.referralCorrectedYes' : 'reimbursement.referralCorrectedNo'));
      // The day is still to be told.
      return step.replaceDialog(DATE_LOOP, {});
    }
    if (date === NO_DATE) await this.say(step.context, this.catalog.t(this.locale(step.context), 'reimbursement.dateSkipped'));
    else if (date !== undefined) await this.#update(step.context, (progress) => ({ ...progress, treatmentDate: date }));
    return step.replaceDialog(ITEMS_LOOP, {});
  }

  private async askItems(step: WaterfallStepContext<ItemsQuestionOptions>): Promise<DialogTurnResult> {
    const progress = await this.#progress(step.context);
    if (stillToAsk(progress).length === 0) return this.#finish(step);
    return step.beginDialog(ITEMS_STEP, step.options);
  }

  private async recordItems(step: WaterfallStepContext<ItemsQuestionOptions>): Promise<DialogTurnResult> {
    const update = step.result as ChecklistUpdate;
    const have = await this.#apply(step.context, update);
    if (update.isDone) return this.#finish(step);
    return step.replaceDialog(ITEMS_LOOP, { have, missing: update.missing } satisfies ItemsQuestionOptions);
  }

  async #finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    // Stopped with papers still to find ("先到这里"), the list stays open: offered again, and continued, next time.
    const progress = await this.#update(step.context, (saved) => ({ ...saved, isFinished: stillToAsk(saved).length === 0 }));
    await this.say(step.context, summaryActivity(this.catalog, this.locale(step.context), progress, step.context.activity.channelId));
    await this.rememberTopic(step.context, 'medical-reimbursement-documents');
    return step.endDialog();
  }

  #itemsQuestion(progress: ChecklistProgress, locale: Locale, { have = [], missing = [] }: ItemsQuestionOptions) {
    const t = (key: string, params?: Record<string, string | number>) => this.catalog.t(locale, key, params);
    const lines: string[] = [];
    if (have.length > 0) lines.push(t('reimbursement.notedHave', { items: itemList(this.catalog, locale, have) }));
    if (missing.length > 0) lines.push(t('reimbursement.notedMissing', { items: itemList(this.catalog, locale, missing) }));
    lines.push(t('reimbursement.askItems'), statusText(this.catalog, locale, progress));
    const buttons = [
      ...missingItems(progress).map((item) => itemLabel(this.catalog, locale, item)),
      t('reimbursement.allLabel'),
      t('reimbursement.doneLabel'),
    ];
    return MessageFactory.suggestedActions(buttons, lines.join('\n\n'));
  }

  /** Ticks and unticks what `update` says; returns the items it ticked. */
  async #apply(context: TurnContext, update: ChecklistUpdate): Promise<ChecklistItem[]> {
    // Without a referral, "全部都有" / "all of them" means the papers in hand: only naming the referral ticks it.
    const namesReferral = this.deps.terms.checklist.find(context.activity.text ?? '').some((hit) => hit.key === 'item:referral');
    let have: ChecklistItem[] = [];
    await this.#update(context, (progress) => {
      have = update.have.filter((item) => item !== 'referral' || progress.hadNoReferral !== true || namesReferral);
      const items = new Set(progress.items);
      for (const item of have) items.add(item);
      for (const item of update.missing) items.delete(item);
      return { ...progress, items: sortItems(items) };
    });
    return have;
  }

  /** The saved checklist; a flow always has one after its first step, but state may have been cleared meanwhile. */
  async #progress(context: TurnContext): Promise<ChecklistProgress> {
    return (await this.#store.get(context)) ?? newChecklist(this.now(context));
  }

  async #update(context: TurnContext, change: (progress: ChecklistProgress) => ChecklistProgress): Promise<ChecklistProgress> {
    const next = { ...change(await this.#progress(context)), updatedAt: this.now(context).toISOString() };
    await this.#store.set(context, next);
    return next;
  }
}
