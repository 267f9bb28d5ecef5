import { expect } from 'chai';
import { PasswordResetDialog } from '../../dialogs/passwordResetDialog.js';
import {
  LOCALES,
  WalkthroughWorld,
  play,
  type ReplyExpectation,
  type TranscriptTurn,
} from './walkthroughHarness.js';

const flow = { kind: 'dialog', topic: PasswordResetDialog.id };
const askKind: ReplyExpectation = {
  ...flow,
  keys: ['passwordReset.askKind'],
  actionKeys: ['passwordReset.kindLabel.account', 'passwordReset.kindLabel.financial', 'passwordReset.kindLabel.query', 'passwordReset.kindLabel.unsure'],
};
const askWay: ReplyExpectation = {
  ...flow,
  keys: ['passwordReset.askWay'],
  actionKeys: ['passwordReset.wayLabel.window', 'passwordReset.wayLabel.phone', 'passwordReset.wayLabel.website', 'passwordReset.wayLabel.terminal'],
};
const answer = (key: string): ReplyExpectation => ({ ...flow, keys: [key, 'walkthrough.safetyRule'] });
const start: TranscriptTurn = { user: '>>pw', bot: [askKind] };

const transcripts: { name: string; turns: TranscriptTurn[] }[] = [
  {
    name: 'sends the service password to the service window or a designated medical institution',
    turns: [start, { user: { 'zh-CN': '服务密码', 'en-US': 'the service password' }, bot: [answer('passwordReset.where.account')] }],
  },
  {
    name: 'understands a colloquial name for the service password',
    turns: [start, { user: { 'zh-CN': '社保密码', 'en-US': 'my account password' }, bot: [answer('passwordReset.where.account')] }],
  },
  {
    name: 'sends the financial password to the joint issuing bank, with activating the bank account',
    turns: [start, { user: { 'zh-CN': '取款密码', 'en-US': 'bank password' }, bot: [answer('passwordReset.where.financial')] }],
  },
  {
    name: 'gives the service-window steps for the query password',
    turns: [start, { user: { 'zh-CN': '查询密码', 'en-US': 'query password' }, bot: [askWay] }, { user: { 'zh-CN': '去窗口', 'en-US': 'in person at the window' }, bot: [answer('passwordReset.way.window')] }],
  },
  {
    name: 'gives the 12333 steps for the query password',
    turns: [start, { user: { 'zh-CN': '信息查询密码', 'en-US': 'information query password' }, bot: [askWay] }, { user: { 'zh-CN': '打12333', 'en-US': 'call 12333' }, bot: [answer('passwordReset.way.phone')] }],
  },
  {
    name: 'gives the website steps for the query password',
    turns: [start, { user: '3', bot: [askWay] }, { user: { 'zh-CN': '网上', 'en-US': 'online' }, bot: [answer('passwordReset.way.website')] }],
  },
  {
    name: 'gives the self-service terminal steps for the query password, chosen by number',
    turns: [start, { user: '3', bot: [askWay] }, { user: '4', bot: [answer('passwordReset.way.terminal')] }],
  },
  {
    name: 'explains the three passwords when the user is not sure, then asks again',
    turns: [
      start,
      { user: { 'zh-CN': '不确定', 'en-US': 'Not sure' }, bot: [{ ...flow, keys: ['passwordReset.kindsExplained'] }, askKind] },
      { user: '2', bot: [answer('passwordReset.where.financial')] },
    ],
  },
  {
    name: 'says what was wrong when the answer names no password, or two',
    turns: [
      start,
      { user: { 'zh-CN': '香蕉', 'en-US': 'banana' }, bot: [{ ...askKind, keys: ['passwordReset.unknownKind', 'passwordReset.askKind'] }] },
      { user: { 'zh-CN': '服务密码和查询密码', 'en-US': 'service password and query password' }, bot: [{ ...askKind, keys: ['passwordReset.oneKindAtATime', 'passwordReset.askKind'] }] },
      { user: '1', bot: [answer('passwordReset.where.account')] },
    ],
  },
  {
    name: 'takes the password named after a correction ("银行那个，哦不对，是查询的那个")',
    turns: [start, { user: { 'zh-CN': '银行那个，哦不对，是查询的那个', 'en-US': 'the bank password, I mean the query password' }, bot: [askWay] }],
  },
  {
    name: 'rules out the password named straight after "not" / "不是" ("the pharmacy one, not the bank one")',
    turns: [
      start,
      {
        user: { 'zh-CN': '看病刷的那个 不是银行那个', 'en-US': 'the one I use at the pharmacy, not the bank one' },
        bot: [answer('passwordReset.where.account')],
      },
    ],
  },
  {
    name: 'asks which password when the request names only "the card password" ("卡密码锁了")',
    turns: [{ user: { 'zh-CN': '帮我弄一下卡密码 锁住了', 'en-US': 'help me with my card password, it is locked' }, bot: [askKind] }],
  },
  {
    name: 'points a citizen who is unsure or not online to the window and 12333, then asks again',
    turns: [
      start,
      { user: '3', bot: [askWay] },
      { user: { 'zh-CN': '我岁数大了不会用电脑', 'en-US': "I'm not good with computers" }, bot: [{ ...askWay, keys: ['passwordReset.wayUnsure', 'passwordReset.askWay'] }] },
      { user: { 'zh-CN': '不知道', 'en-US': 'not sure' }, bot: [{ ...askWay, keys: ['passwordReset.wayUnsure', 'passwordReset.askWay'] }] },
      { user: { 'zh-CN': '去窗口', 'en-US': 'in person at the window' }, bot: [answer('passwordReset.way.window')] },
    ],
  },
  {
    name: 'says what was wrong when the way is not understood',
    turns: [
      start,
      { user: '3', bot: [askWay] },
      { user: { 'zh-CN': '随便', 'en-US': 'whatever' }, bot: [{ ...askWay, keys: ['passwordReset.unknownWay', 'passwordReset.askWay'] }] },
      { user: { 'zh-CN': '自助机', 'en-US': 'a kiosk' }, bot: [answer('passwordReset.way.terminal')] },
    ],
  },
  {
    name: 'offers the menu after three answers it cannot understand, and the flow is over',
    turns: [
      start,
      { user: { 'zh-CN': '香蕉', 'en-US': 'banana' }, bot: [{ ...askKind, keys: ['passwordReset.unknownKind'] }] },
      { user: { 'zh-CN': '苹果', 'en-US': 'apple' }, bot: [{ ...askKind, keys: ['passwordReset.unknownKind'] }] },
      { user: { 'zh-CN': '橘子', 'en-US': 'orange' }, bot: [{ ...flow, keys: ['walkthrough.gaveUp'], actionKeys: ['menu.cardPassword', 'menu.reimbursement'] }] },
      { user: '1', bot: [{ kind: 'out-of-scope', keys: ['core.canHelpWith'] }] },
    ],
  },
  {
    name: 'skips the question when the request already names the password',
    turns: [{ user: { 'zh-CN': '我想重置查询密码', 'en-US': 'I forgot my query password' }, bot: [askWay] }, { user: '2', bot: [answer('passwordReset.way.phone')] }],
  },
];

describe('PasswordResetDialog', () => {
  for (const locale of LOCALES) {
    describe(`in ${locale}`, () => {
      for (const { name, turns } of transcripts) {
        it(name, async () => {
          await play(new WalkthroughWorld().conversation(locale), turns, name);
        });
      }

      it('does not store a typed password, repeats the safety rule and asks again', async () => {
        const world = new WalkthroughWorld();
        const typed = { 'zh-CN': '我的密码是 135790', 'en-US': 'my password is 135790' }[locale];
        await play(
          world.conversation(locale),
          [start, { user: typed, bot: [{ ...askKind, keys: ['walkthrough.sensitiveNotStored', 'walkthrough.safetyRule', 'passwordReset.askKind'] }] }],
          'typed password',
        );
        expect(JSON.stringify(world.memory)).not.to.include('135790');
      });

      it('does not store a bank card number typed as an answer', async () => {
        const world = new WalkthroughWorld();
        await play(
          world.conversation(locale),
          [start, { user: '3', bot: [askWay] }, { user: '6222 0212 3456 7890 128', bot: [{ ...askWay, keys: ['walkthrough.sensitiveNotStored', 'walkthrough.safetyRule'] }] }],
          'typed card number',
        );
        // Not '6222' alone: four digits can turn up inside a stored timestamp (1796592622250 ms).
        const stored = JSON.stringify(world.memory);
        for (const part of ['6222 0212', '0212 3456', '3456 7890', '6222*']) expect(stored).not.to.include(part);
      });

      it('treats text the privacy guard already masked as sensitive', async () => {
        await play(
          new WalkthroughWorld().conversation(locale),
          [start, { user: '110105********002X', bot: [{ ...askKind, keys: ['walkthrough.sensitiveNotStored'] }] }],
          'masked text',
        );
      });
    });
  }

  it('warns first when the request itself holds a password', async () => {
    await play(
      new WalkthroughWorld().conversation('zh-CN'),
      [{ user: '我的密码是 246810 忘了怎么改', bot: [{ ...flow, keys: ['walkthrough.sensitiveNotStored', 'walkthrough.safetyRule'] }, askKind] }],
      'sensitive request',
    );
  });
});
