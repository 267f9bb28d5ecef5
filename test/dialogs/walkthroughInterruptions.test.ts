import { PasswordResetDialog } from '../../dialogs/passwordResetDialog.js';
import { ReimbursementChecklistDialog } from '../../dialogs/reimbursementChecklistDialog.js';
import { RegistrationDeadlineDialog } from '../../dialogs/registrationDeadlineDialog.js';
import { itemLabel, itemList } from '../../dialogs/checklistView.js';
import type { Locale } from '../../src/locale.js';
import { LOCALES, WalkthroughWorld, catalog, kbReply, play, type ReplyExpectation, type TranscriptTurn } from './walkthroughHarness.js';

const checklistFlow = { kind: 'dialog', topic: ReimbursementChecklistDialog.id };
const passwordFlow = { kind: 'dialog', topic: PasswordResetDialog.id };
const deadlineFlow = { kind: 'dialog', topic: RegistrationDeadlineDialog.id };

const askReferral: ReplyExpectation = { ...checklistFlow, keys: ['reimbursement.askReferral'] };
const askDate: ReplyExpectation = { ...checklistFlow, keys: ['reimbursement.askDate'] };
const askItems: ReplyExpectation = { ...checklistFlow, keys: ['reimbursement.askItems'] };
const askKind: ReplyExpectation = { ...passwordFlow, keys: ['passwordReset.askKind'] };
const askEvent: ReplyExpectation = { ...deadlineFlow, keys: ['registrationDeadline.askEvent'] };
const reminder = (flow: { kind: string; topic: string }, titleKey: string, locale: Locale): ReplyExpectation => ({
  ...flow,
  keys: [['walkthrough.reminder', { flow: catalog.t(locale, titleKey) }]],
});

/** Up to the items question of the checklist. */
const toItems: TranscriptTurn[] = [
  { user: '>>rc', bot: [askReferral] },
  { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
  { user: { 'zh-CN': '昨天', 'en-US': 'yesterday' }, bot: [askItems] },
];

const transcripts: { name: string; turns: (locale: Locale) => TranscriptTurn[] }[] = [
  {
    name: 'puts papers reported after the list was stopped onto it, and goes on with the list',
    turns: (locale) => [
      ...toItems,
      { user: { 'zh-CN': '先到这里', 'en-US': "that's all for now" }, bot: [{ ...checklistFlow, keys: ['reimbursement.summaryTitle'] }] },
      locale === 'zh-CN'
        ? { user: '银行卡和病历本找到了', bot: [{ ...askItems, keys: [['reimbursement.notedHave', { items: itemList(catalog, locale, ['medicalRecord', 'bankCard']) }], 'reimbursement.askItems'] }] }
        : { user: "I still don't have the ID card", bot: [{ ...askItems, keys: [['reimbursement.notedMissing', { items: itemList(catalog, locale, ['idCard']) }], 'reimbursement.askItems'] }] },
    ],
  },
  {
    name: 'answers a knowledge-base question asked mid-flow, then reminds where it was and asks again',
    turns: (locale) => [
      ...toItems,
      {
        user: { 'zh-CN': '社保卡能在外地用吗', 'en-US': 'can I use my card in another city' },
        bot: [{ kind: 'faq', topic: 'card-cross-region', includes: [kbReply('card-cross-region')] }, reminder(checklistFlow, 'reimbursement.title', locale), askItems],
      },
      { user: { 'zh-CN': '病历本', 'en-US': 'medical record book' }, bot: [{ ...askItems, keys: [['reimbursement.notedHave', { items: itemLabel(catalog, locale, 'medicalRecord') }]] }] },
      {
        user: { 'zh-CN': '社保卡能在外地用吗', 'en-US': 'can I use my card in another city' },
        bot: [{ kind: 'faq' }, reminder(checklistFlow, 'reimbursement.title', locale), { ...askItems, excludes: [['reimbursement.notedHave', { items: itemLabel(catalog, locale, 'medicalRecord') }]] }],
      },
    ],
  },
  {
    name: 'never lets the knowledge base take an answer the step accepts ("身份证", "yes", "service password")',
    turns: (locale) => [
      { user: '>>rc', bot: [askReferral] },
      { user: { 'zh-CN': '是', 'en-US': 'yes' }, bot: [askDate] },
      { user: { 'zh-CN': '昨天', 'en-US': 'yesterday' }, bot: [askItems] },
      { user: { 'zh-CN': '身份证', 'en-US': 'ID card' }, bot: [{ ...askItems, keys: [['reimbursement.notedHave', { items: itemList(catalog, locale, ['idCard']) }]] }] },
    ],
  },
  {
    name: 'takes a question-shaped answer as an answer when the knowledge base has nothing for it',
    turns: (locale) => [
      ...toItems,
      { user: { 'zh-CN': '银行卡呢？', 'en-US': 'bank card?' }, bot: [{ ...askItems, keys: [['reimbursement.notedHave', { items: itemLabel(catalog, locale, 'bankCard') }]] }] },
    ],
  },
  {
    name: 'keeps a question-shaped answer that asks what the flow itself works out',
    turns: () => [
      { user: '>>rd', bot: [askEvent] },
      { user: { 'zh-CN': '成立了，最后一天是哪天？', 'en-US': 'we were established, what is the last day?' }, bot: [{ ...deadlineFlow, keys: ['registrationDeadline.askDate.established'] }] },
    ],
  },
  {
    name: 'runs another flow asked for mid-flow, then goes back to the first with a reminder',
    turns: (locale) => [
      ...toItems,
      { user: '>>rd', bot: [askEvent] },
      { user: { 'zh-CN': '3月1日变更了', 'en-US': 'it changed on 1 March 2026' }, bot: [{ ...deadlineFlow, keys: ['registrationDeadline.source'] }, reminder(checklistFlow, 'reimbursement.title', locale), askItems] },
      { user: { 'zh-CN': '银行卡有了', 'en-US': 'I have the bank card' }, bot: [{ ...askItems, keys: [['reimbursement.notedHave', { items: itemLabel(catalog, locale, 'bankCard') }]] }] },
    ],
  },
  {
    name: 'does not tick a document the user asks where to get, and says whom to ask',
    turns: (locale) => [
      ...toItems,
      { user: { 'zh-CN': '清单去哪打', 'en-US': 'where do I get the itemised list' }, bot: [{ ...askItems, keys: ['reimbursement.askedAboutItem', 'reimbursement.askItems'] }] },
      {
        user: { 'zh-CN': '我的清单', 'en-US': 'my checklist' },
        bot: [
          { ...checklistFlow, keys: [['reimbursement.lineMissing', { item: itemLabel(catalog, locale, 'expenseList') }]], excludes: [['reimbursement.lineHave', { item: itemLabel(catalog, locale, 'expenseList') }]] },
          askItems,
        ],
      },
    ],
  },
  {
    name: 'does not restart the flow in progress when asked for it again',
    turns: () => [...toItems, { user: '>>rc', bot: [{ ...askItems, keys: ['reimbursement.noItems', 'reimbursement.askItems'] }] }],
  },
  {
    name: 'resumes the password flow after an aside, and the answer then continues it',
    turns: (locale) => [
      { user: '>>pw', bot: [askKind] },
      {
        user: { 'zh-CN': '社保卡能在外地用吗', 'en-US': 'can I use my card in another city' },
        bot: [{ kind: 'faq', includes: [kbReply('card-cross-region')] }, reminder(passwordFlow, 'passwordReset.title', locale), askKind],
      },
      { user: { 'zh-CN': '服务密码', 'en-US': 'service password' }, bot: [{ ...passwordFlow, keys: ['passwordReset.where.account'] }] },
    ],
  },
  {
    name: 'drops the flow when a question opens with "never mind" / "算了", answers the question and does not ask the flow\'s again',
    turns: () => [
      { user: '>>pw', bot: [askKind] },
      {
        user: { 'zh-CN': '算了，社保卡能在外地用吗', 'en-US': 'never mind - can I use my card in another city' },
        bot: [{ kind: 'faq', topic: 'card-cross-region', includes: [kbReply('card-cross-region')] }],
      },
      // The flow is gone: what would have been its answer now goes to the knowledge base.
      { user: { 'zh-CN': '服务密码', 'en-US': 'service password' }, bot: [{ kind: 'faq', topic: 'password-account' }] },
    ],
  },
  {
    name: 'drops the flow on "算了" / "forget it" followed by words it does not know, and says so',
    turns: () => [
      { user: '>>rd', bot: [askEvent] },
      { user: { 'zh-CN': '算了 以后有空再弄吧', 'en-US': 'forget it, maybe some other day' }, bot: [{ kind: 'control', keys: ['core.cancelled'] }] },
      { user: '1', bot: [{ kind: 'out-of-scope' }] },
    ],
  },
  {
    name: 'keeps the flow when "算了" / "never mind" is not at the start',
    turns: () => [
      { user: '>>pw', bot: [askKind] },
      { user: { 'zh-CN': '社保卡能在外地用吗 算了', 'en-US': 'can I use my card in another city never mind' }, bot: [askKind] },
    ],
  },
  {
    name: 'shows help in the middle of a flow, then asks the same question again',
    turns: () => [
      { user: '>>rd', bot: [askEvent] },
      { user: { 'zh-CN': '帮助', 'en-US': 'help' }, bot: [{ kind: 'control', keys: ['core.help'] }, { kind: 'control', keys: ['core.stillInFlow'] }, askEvent] },
      { user: '1', bot: [{ ...deadlineFlow, keys: ['registrationDeadline.askDate.established'] }] },
    ],
  },
  {
    name: 'says there is no human agent, then carries on with the flow',
    turns: () => [
      { user: '>>pw', bot: [askKind] },
      { user: { 'zh-CN': '人工', 'en-US': 'talk to a person' }, bot: [{ kind: 'handoff', keys: ['core.humanHandoff'] }, { keys: ['core.stillInFlow'] }, askKind] },
    ],
  },
  {
    name: 'cancels a flow: an answer to its question is then no longer taken as one',
    turns: () => [
      ...toItems,
      { user: { 'zh-CN': '取消', 'en-US': 'cancel' }, bot: [{ kind: 'control', keys: ['core.cancelled'] }] },
      { user: { 'zh-CN': '身份证', 'en-US': 'ID card' }, bot: [{ kind: 'faq', includes: [kbReply('card-number')] }] },
    ],
  },
  {
    name: 'starts over from the middle of a flow',
    turns: () => [
      { user: '>>pw', bot: [askKind] },
      { user: '3', bot: [{ ...passwordFlow, keys: ['passwordReset.askWay'] }] },
      { user: { 'zh-CN': '重新开始', 'en-US': 'start over' }, bot: [{ kind: 'control', keys: ['core.startOver'] }] },
      { user: '1', bot: [{ kind: 'out-of-scope', keys: ['core.canHelpWith'] }] },
    ],
  },
  {
    name: 'keeps a typed password with the step (safety rule) even when the knowledge base would answer it',
    turns: () => [
      { user: '>>pw', bot: [askKind] },
      { user: { 'zh-CN': '我的密码是 135790', 'en-US': 'my password is 135790' }, bot: [{ ...askKind, keys: ['walkthrough.safetyRule', 'passwordReset.askKind'] }] },
    ],
  },
  {
    name: 'shows the saved checklist on "my checklist" in the middle of another flow, then goes back to it',
    turns: (locale) => [
      ...toItems,
      { user: { 'zh-CN': '发票和身份证都有了', 'en-US': "I've got the receipts and my ID card" }, bot: [askItems] },
      { user: { 'zh-CN': '取消', 'en-US': 'cancel' }, bot: [{ kind: 'control' }] },
      { user: '>>pw', bot: [askKind] },
      {
        user: { 'zh-CN': '我的清单', 'en-US': 'my checklist' },
        bot: [
          { ...checklistFlow, keys: ['reimbursement.savedHeading', ['reimbursement.lineHave', { item: itemLabel(catalog, locale, 'idCard') }], ['reimbursement.lineMissing', { item: itemLabel(catalog, locale, 'bankCard') }]] },
          askKind,
        ],
      },
    ],
  },
  {
    name: 'shows the checklist on "my checklist" inside the checklist itself, then asks again',
    turns: () => [...toItems, { user: { 'zh-CN': '我的清单', 'en-US': 'my checklist' }, bot: [{ ...checklistFlow, keys: ['reimbursement.savedHeading'] }, askItems] }],
  },
  {
    name: 'says there is no saved checklist yet',
    turns: () => [{ user: { 'zh-CN': '我的清单', 'en-US': 'my checklist' }, bot: [{ ...checklistFlow, keys: ['reimbursement.noSaved'], actionKeys: ['menu.reimbursement'] }] }],
  },
];

describe('walk-throughs inside the root dialog', () => {
  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      for (const { name, turns } of transcripts) {
        it(name, async () => {
          await play(new WalkthroughWorld().conversation(locale), turns(locale), name);
        });
      }

      it('offers an unfinished or stopped checklist on "my checklist" in a new conversation, and shows a finished one as a card', async () => {
        const world = new WalkthroughWorld();
        await play(world.conversation(locale, { conversationId: 'a', channelId: 'directline' }), [...toItems, { user: { 'zh-CN': '身份证', 'en-US': 'ID card' }, bot: [askItems] }], 'first');
        world.clock.advance(5 * 86_400_000);
        await play(
          world.conversation(locale, { conversationId: 'b', channelId: 'directline' }),
          [
            { user: { 'zh-CN': '我的清单', 'en-US': 'my checklist' }, bot: [{ ...checklistFlow, keys: ['reimbursement.askContinue'] }] },
            { user: { 'zh-CN': '继续', 'en-US': 'continue' }, bot: [askItems] },
            { user: { 'zh-CN': '先到这里', 'en-US': "that's all for now" }, bot: [{ ...checklistFlow, isCard: true }] },
            // Stopped with papers still missing, the list is offered again rather than shown as done.
            { user: { 'zh-CN': '我的清单', 'en-US': 'my checklist' }, bot: [{ ...checklistFlow, keys: ['reimbursement.askContinue'] }] },
            { user: { 'zh-CN': '继续', 'en-US': 'continue' }, bot: [askItems] },
            { user: { 'zh-CN': '全部都有', 'en-US': 'I have them all' }, bot: [{ ...checklistFlow, isCard: true }] },
            { user: { 'zh-CN': '我的清单', 'en-US': 'my checklist' }, bot: [{ ...checklistFlow, isCard: true }] },
          ],
          'five days later',
        );
      });
    });
  }

  it('asks again in the new language after the user switches language mid-flow', async () => {
    await play(
      new WalkthroughWorld().conversation('zh-CN'),
      [
        { user: '>>rc', bot: [askReferral] },
        { user: 'English', replyLocale: 'en-US', bot: [{ kind: 'control', keys: ['core.languageSwitched'] }, { keys: ['core.stillInFlow'] }, askReferral] },
        { user: 'no', replyLocale: 'en-US', bot: [{ ...checklistFlow, keys: ['reimbursement.referralFirst'] }, askDate] },
        { user: '中文', bot: [{ kind: 'control', keys: ['core.languageSwitched'] }, { keys: ['core.stillInFlow'] }, askDate] },
      ],
      'switch',
    );
  });
});
