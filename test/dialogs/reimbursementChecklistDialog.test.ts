import { expect } from 'chai';
import { itemLabel, itemList } from '../../dialogs/checklistView.js';
import { ReimbursementChecklistDialog } from '../../dialogs/reimbursementChecklistDialog.js';
import { formatLongDate, type CalendarDate } from '../../src/dates/calendarDate.js';
import type { Locale } from '../../src/locale.js';
import { CHECKLIST_ITEMS, type ChecklistItem } from '../../src/reimbursement/checklistProgress.js';
import { LOCALES, WalkthroughWorld, catalog, play, type ReplyExpectation, type TranscriptTurn } from './walkthroughHarness.js';

const flow = { kind: 'dialog', topic: ReimbursementChecklistDialog.id };
const DAY_MS = 86_400_000;
const day = (year: number, month: number, dayOfMonth: number): CalendarDate => ({ year, month, day: dayOfMonth });

const askReferral: ReplyExpectation = { ...flow, keys: ['reimbursement.askReferral'], actionKeys: ['walkthrough.yes', 'walkthrough.no'] };
const askDate: ReplyExpectation = { ...flow, keys: ['reimbursement.askDate'] };
const start: TranscriptTurn = { user: '>>rc', bot: [askReferral] };

/** The items question, showing each item ticked or not, and the date once given. */
function askItems(locale: Locale, have: readonly ChecklistItem[], options: { date?: CalendarDate; noted?: ChecklistItem[]; notedMissing?: ChecklistItem[] } = {}): ReplyExpectation {
  const keys: NonNullable<ReplyExpectation['keys']> = ['reimbursement.askItems'];
  for (const item of CHECKLIST_ITEMS) {
    keys.push([have.includes(item) ? 'reimbursement.lineHave' : 'reimbursement.lineMissing', { item: itemLabel(catalog, locale, item) }]);
  }
  if (options.date) keys.push(['reimbursement.treatmentDateLine', { date: formatLongDate(options.date, locale) }]);
  if (options.noted) keys.push(['reimbursement.notedHave', { items: itemList(catalog, locale, options.noted) }]);
  if (options.notedMissing) keys.push(['reimbursement.notedMissing', { items: itemList(catalog, locale, options.notedMissing) }]);
  return { ...flow, keys, actionKeys: ['reimbursement.allLabel', 'reimbursement.doneLabel'] };
}

const summaryText = (locale: Locale, missing: ChecklistItem[]): ReplyExpectation => ({
  ...flow,
  isCard: false,
  keys: ['reimbursement.summaryTitle', missing.length === 0 ? 'reimbursement.summaryReady' : ['reimbursement.summaryMissing', { items: itemList(catalog, locale, missing) }]],
});
const summaryCard: ReplyExpectation = { ...flow, isCard: true };
/** The summary after the citizen said no referral was made: it says so and hands the question off, whatever else is there. */
const summaryWithoutReferral = (locale: Locale, missing: ChecklistItem[]): ReplyExpectation => ({
  ...flow,
  isCard: false,
  keys: [
    'reimbursement.summaryTitle',
    missing.length === 0 ? 'reimbursement.summaryNoReferral' : ['reimbursement.summaryNoReferralAndMissing', { items: itemList(catalog, locale, missing) }],
  ],
});

const TWO_DAYS_AGO = day(2026, 3, 18);
const TWO_DAYS_LATER = new Date('2026-03-22T04:00:00Z');
const YESTERDAY = day(2026, 3, 19);

const transcripts: { name: string; channelId: string; turns: (locale: Locale) => TranscriptTurn[] }[] = [
  {
    name: 'goes from the referral through the date to the items, and ends with an Adaptive Card where cards render',
    channelId: 'emulator',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
      { user: { 'zh-CN': '前天', 'en-US': 'the day before yesterday' }, bot: [askItems(locale, ['referral'], { date: TWO_DAYS_AGO })] },
      {
        user: { 'zh-CN': '发票和身份证都有了', 'en-US': "I've got the receipts and my ID card" },
        bot: [askItems(locale, ['referral', 'receipts', 'idCard'], { noted: ['receipts', 'idCard'] })],
      },
      {
        user: { 'zh-CN': '病历本 身份证 银行卡都带了', 'en-US': 'medical record book, ID card and bank card are in my bag' },
        bot: [askItems(locale, ['referral', 'medicalRecord', 'receipts', 'idCard', 'bankCard'], { noted: ['medicalRecord', 'idCard', 'bankCard'] })],
      },
      { user: { 'zh-CN': '费用明细清单', 'en-US': 'Itemised list of expenses' }, bot: [askItems(locale, ['referral', 'medicalRecord', 'receipts', 'expenseList', 'idCard', 'bankCard'])] },
      { user: { 'zh-CN': '社保卡', 'en-US': 'Social security card' }, bot: [summaryCard] },
    ],
  },
  {
    name: 'explains that the referral comes first, and ends in plain text where cards do not render',
    channelId: 'sms',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '没有', 'en-US': 'no' }, bot: [{ ...flow, keys: ['reimbursement.referralFirst'] }, askDate] },
      { user: { 'zh-CN': '昨天出院的', 'en-US': 'I was discharged yesterday' }, bot: [askItems(locale, [], { date: YESTERDAY })] },
      {
        // "All of them" are the papers in hand: without a referral, it is not one of them.
        user: { 'zh-CN': '除了银行卡都有了', 'en-US': 'all of them except the bank card' },
        bot: [askItems(locale, ['medicalRecord', 'receipts', 'expenseList', 'socialSecurityCard', 'idCard'], { notedMissing: ['bankCard'] })],
      },
      { user: { 'zh-CN': '先到这里', 'en-US': "That's all for now" }, bot: [summaryWithoutReferral(locale, ['bankCard'])] },
    ],
  },
  {
    name: 'does not call the documents complete when no referral was made, and ends once every other paper is there',
    channelId: 'sms',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '否', 'en-US': 'no' }, bot: [{ ...flow, keys: ['reimbursement.referralFirst'] }, askDate] },
      { user: { 'zh-CN': '昨天出院的', 'en-US': 'I was discharged yesterday' }, bot: [askItems(locale, [], { date: YESTERDAY })] },
      { user: { 'zh-CN': '全部都有', 'en-US': 'I have them all' }, bot: [summaryWithoutReferral(locale, [])] },
    ],
  },
  {
    name: 'takes a question about an item as a question, not as having it ("用别人的银行卡可以吗")',
    channelId: 'sms',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
      { user: { 'zh-CN': '昨天出院的', 'en-US': 'I was discharged yesterday' }, bot: [askItems(locale, ['referral'], { date: YESTERDAY })] },
      {
        user: { 'zh-CN': '用别人的银行卡可以吗', 'en-US': "can I use someone else's bank card?" },
        bot: [{ ...askItems(locale, ['referral']), keys: ['reimbursement.askedAboutItem', 'reimbursement.askItems'] }],
      },
    ],
  },
  {
    name: 'takes the day told together with the referral answer, and does not ask for it again',
    channelId: 'sms',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '办了，前天出的院', 'en-US': 'yes I got the referral, and I was discharged the day before yesterday' }, bot: [askItems(locale, ['referral'], { date: TWO_DAYS_AGO })] },
    ],
  },
  {
    name: 'asks again, saying why, for a date in the future, a message with no date, and an answer that is neither yes nor no',
    channelId: 'telegram',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '不清楚', 'en-US': 'not sure' }, bot: [{ ...askReferral, keys: ['reimbursement.referralUnsure', 'reimbursement.askReferral'] }] },
      { user: { 'zh-CN': '办了', 'en-US': 'yes I did' }, bot: [askDate] },
      { user: { 'zh-CN': '明天', 'en-US': 'tomorrow' }, bot: [{ ...flow, keys: ['reimbursement.dateInFuture', 'reimbursement.askDate'] }] },
      { user: { 'zh-CN': '在医院', 'en-US': 'at the hospital' }, bot: [{ ...flow, keys: ['reimbursement.noDate', 'reimbursement.askDate'] }] },
      { user: { 'zh-CN': '3月18日', 'en-US': 'March 18' }, bot: [askItems(locale, ['referral'], { date: TWO_DAYS_AGO })] },
      { user: { 'zh-CN': '我明天去', 'en-US': "I'll go tomorrow" }, bot: [{ ...askItems(locale, ['referral']), keys: ['reimbursement.noItems', 'reimbursement.askItems'] }] },
      { user: { 'zh-CN': '全部都有', 'en-US': 'I have them all' }, bot: [summaryText(locale, [])] },
    ],
  },
  {
    name: 'leaves the date out, and goes on to the documents, when the citizen does not remember the day',
    channelId: 'telegram',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '办了', 'en-US': 'yes' }, bot: [askDate] },
      { user: { 'zh-CN': '记不清了 大概十月份', 'en-US': "I don't remember the day" }, bot: [{ ...flow, keys: ['reimbursement.dateSkipped'] }, askItems(locale, ['referral'])] },
      { user: { 'zh-CN': '全部都有', 'en-US': 'I have them all' }, bot: [summaryText(locale, [])] },
    ],
  },
  {
    name: 'offers the menu after three item answers it cannot read',
    channelId: 'test',
    turns: (locale) => [
      start,
      { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
      { user: { 'zh-CN': '昨天', 'en-US': 'yesterday' }, bot: [askItems(locale, ['referral'], { date: YESTERDAY })] },
      { user: { 'zh-CN': '嗯', 'en-US': 'hmm' }, bot: [{ ...flow, keys: ['reimbursement.noItems'] }] },
      { user: { 'zh-CN': '啊', 'en-US': 'eh' }, bot: [{ ...flow, keys: ['reimbursement.noItems'] }] },
      { user: { 'zh-CN': '哦', 'en-US': 'oh' }, bot: [{ ...flow, keys: ['walkthrough.gaveUp'], actionKeys: ['menu.reimbursement'] }] },
    ],
  },
];

describe('ReimbursementChecklistDialog', () => {
  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      for (const { name, channelId, turns } of transcripts) {
        it(`${name} (channel ${channelId})`, async () => {
          await play(new WalkthroughWorld().conversation(locale, { channelId }), turns(locale), name);
        });
      }

      it('offers to continue when the same user comes back days later in a new conversation', async () => {
        const world = new WalkthroughWorld();
        await play(
          world.conversation(locale, { conversationId: 'monday', channelId: 'webchat' }),
          [
            start,
            { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
            { user: { 'zh-CN': '昨天', 'en-US': 'yesterday' }, bot: [askItems(locale, ['referral'], { date: YESTERDAY })] },
            { user: { 'zh-CN': '发票和身份证都有了', 'en-US': "I've got the receipts and my ID card" }, bot: [askItems(locale, ['referral', 'receipts', 'idCard'])] },
          ],
          'first visit',
        );
        world.clock.advance(3 * DAY_MS);
        const offer: ReplyExpectation = {
          ...flow,
          keys: [['reimbursement.resumeOffer', { date: formatLongDate(day(2026, 3, 20), locale), have: 3, total: 7 }], 'reimbursement.askContinue', ['reimbursement.treatmentDateLine', { date: formatLongDate(YESTERDAY, locale) }]],
          actionKeys: ['reimbursement.continueLabel', 'reimbursement.restartLabel'],
        };
        await play(
          world.conversation(locale, { conversationId: 'thursday', channelId: 'webchat' }),
          [
            { user: '>>rc', bot: [offer] },
            { user: { 'zh-CN': '继续', 'en-US': 'Continue' }, bot: [askItems(locale, ['referral', 'receipts', 'idCard'], { date: YESTERDAY })] },
            { user: { 'zh-CN': '其他都有了', 'en-US': 'I have the rest' }, bot: [summaryCard] },
          ],
          'three days later',
        );
      });

      it('starts a new list when the returning user says so', async () => {
        const world = new WalkthroughWorld();
        const first = world.conversation(locale, { conversationId: 'first' });
        await play(
          first,
          [
            start,
            { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
            { user: { 'zh-CN': '昨天', 'en-US': 'yesterday' }, bot: [askItems(locale, ['referral'], { date: YESTERDAY })] },
          ],
          'first visit',
        );
        world.clock.advance(2 * DAY_MS);
        await play(
          world.conversation(locale, { conversationId: 'second' }),
          [
            { user: '>>rc', bot: [{ ...flow, keys: ['reimbursement.askContinue'] }] },
            { user: { 'zh-CN': '随便', 'en-US': 'whatever' }, bot: [{ ...flow, keys: ['reimbursement.continueOrRestart', 'reimbursement.askContinue'] }] },
            { user: { 'zh-CN': '重新核对', 'en-US': 'Start a new list' }, bot: [askReferral] },
            { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
          ],
          'second visit',
        );
        const saved = world.savedUserState(first)['reimbursementChecklist'] as { items?: unknown; treatmentDate?: unknown; startedAt?: unknown } | undefined;
        expect(saved?.items).to.deep.equal(['referral']);
        expect(saved?.treatmentDate, 'the new list has no date yet').to.equal(undefined);
        expect(saved?.startedAt).to.equal(new Date(TWO_DAYS_LATER).toISOString());
      });

      it('does not offer a finished checklist again, and starts a fresh one', async () => {
        const world = new WalkthroughWorld();
        await play(
          world.conversation(locale, { conversationId: 'first' }),
          [
            start,
            { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
            { user: { 'zh-CN': '昨天', 'en-US': 'yesterday' }, bot: [askItems(locale, ['referral'], { date: YESTERDAY })] },
            { user: { 'zh-CN': '全部都有', 'en-US': 'I have them all' }, bot: [summaryText(locale, [])] },
          ],
          'finished',
        );
        await play(world.conversation(locale, { conversationId: 'second' }), [start], 'again');
      });

      it('keeps a list stopped with papers still missing ("就这些", "先到这里") open, and offers it again', async () => {
        const world = new WalkthroughWorld();
        await play(
          world.conversation(locale, { conversationId: 'first' }),
          [
            start,
            { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
            { user: { 'zh-CN': '昨天', 'en-US': 'yesterday' }, bot: [askItems(locale, ['referral'], { date: YESTERDAY })] },
            { user: { 'zh-CN': '就这些', 'en-US': "that's all" }, bot: [summaryText(locale, CHECKLIST_ITEMS.filter((item) => item !== 'referral'))] },
          ],
          'stopped',
        );
        await play(world.conversation(locale, { conversationId: 'second' }), [{ user: '>>rc', bot: [{ ...flow, keys: ['reimbursement.askContinue'] }] }], 'offered again');
      });
    });
  }
});
