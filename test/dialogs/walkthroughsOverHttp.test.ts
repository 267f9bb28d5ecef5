import { expect } from 'chai';
import type { MessageRoute } from '../../dialogs/messageRoute.js';
import { FakeClock } from '../../src/clock.js';
import { loadCatalog } from '../../src/i18n/catalog.js';
import { startBot, type ReplyActivity, type RunningBot } from '../support/botServer.js';

const catalog = loadCatalog();

// Codes without words, so they do not decide the turn's language as a sentence would.
const FLOW_CODES: Record<string, string> = { '>>pw': 'password-reset', '>>rc': 'reimbursement-checklist' };

/** Begins a flow on a code, standing in for the knowledge-base route that does this in production. */
const beginFlowRoute: MessageRoute = {
  id: 'test:begin-flow',
  isInterruption: false,
  match: ({ text }) => {
    const flowId = FLOW_CODES[text];
    return flowId ? { kind: 'dialog', topic: flowId, confidence: 1 } : undefined;
  },
  handle: async (dc, match) => {
    await dc.beginDialog(match.topic);
  },
};

const texts = (replies: ReplyActivity[]) => replies.map((reply) => reply.text ?? '').join('\n');

describe('walk-throughs through the real service', () => {
  let bot: RunningBot;
  const clock = new FakeClock(new Date('2026-03-20T04:00:00Z'));
  beforeEach(async () => {
    bot = await startBot({}, { clock, extraRoutes: [beginFlowRoute] });
  });
  afterEach(async () => {
    await bot.close();
  });

  it('runs the password flow with dialog metadata, and repeats the safety rule for a password the privacy guard masked', async () => {
    const conversation = { id: 'password-over-http' };
    const first = await bot.ask({ text: '>>pw', conversation });
    expect(first.replies.map((reply) => reply.channelData)).to.deep.equal([{ kind: 'dialog', topic: 'password-reset' }]);
    expect(texts(first.replies)).to.include(catalog.t('zh-CN', 'passwordReset.askKind'));

    const typed = await bot.ask({ text: '我的密码是 135790', conversation });
    expect(texts(typed.replies)).to.include(catalog.t('zh-CN', 'walkthrough.safetyRule'));
    expect(texts(typed.replies)).not.to.include('135790');
    expect(typed.replies.at(-1)?.channelData).to.deep.equal({ kind: 'dialog', topic: 'password-reset' });
    // The privacy warning opens this turn and says the number was not kept; the step does not say it a second time...
    expect(typed.replies[0]?.channelData).to.deep.equal({ kind: 'control', topic: 'privacy-warning' });
    expect(texts(typed.replies)).not.to.include(catalog.t('zh-CN', 'walkthrough.sensitiveNotStored'));
    // ...but does on a later turn, when the warning (once per conversation) is not repeated.
    const again = await bot.ask({ text: '密码是 246801', conversation });
    expect(texts(again.replies)).to.include(catalog.t('zh-CN', 'walkthrough.sensitiveNotStored'));

    const answered = await bot.ask({ text: '查询密码', conversation });
    expect(texts(answered.replies)).to.include(catalog.t('zh-CN', 'passwordReset.askWay'));
  });

  it('takes a day told beside an ID number at the date step, masking the number and keeping the day', async () => {
    const conversation = { id: 'date-beside-id' };
    await bot.ask({ text: '>>rc', conversation });
    await bot.ask({ text: '是', conversation });
    const told = await bot.ask({ text: '我爸身份证号110101195003071234，他是3月15号出院的', conversation });
    expect(texts(told.replies)).not.to.include('19500307');
    expect(texts(told.replies)).to.include('2026年3月15日');
    expect(texts(told.replies)).to.include(catalog.t('zh-CN', 'reimbursement.askItems'));
    expect(texts(told.replies)).not.to.include(catalog.t('zh-CN', 'reimbursement.askDate'));
  });

  describe('with the real knowledge base in the middle of a flow', () => {
    const kinds = (replies: ReplyActivity[]) => replies.map((reply) => `${String(reply.channelData?.kind)}:${String(reply.channelData?.topic)}`);

    it('answers a question about something else, though the step would take a word of it ("变更", "change") as its answer', async () => {
      const conversation = { id: 'deadline-aside' };
      await bot.ask({ text: '帮我算一下社保登记期限', conversation });
      const aside = await bot.ask({ text: '社保卡的银行密码要变更的话去哪办？', conversation });
      expect(kinds(aside.replies)[0]).to.equal('faq:password-financial');
      expect(texts(aside.replies)).to.include(catalog.t('zh-CN', 'registrationDeadline.askEvent'));
      // A question about what the flow itself works out is still its answer.
      const own = await bot.ask({ text: '成立了，最晚哪天？', conversation });
      expect(texts(own.replies)).to.include(catalog.t('zh-CN', 'registrationDeadline.askDate.established'));
    });

    it('reads a short question that names no subject after what the flow is about ("要带什么材料" while computing a deadline)', async () => {
      const conversation = { id: 'deadline-documents' };
      await bot.ask({ text: '帮我算一下社保登记期限', conversation });
      const documents = await bot.ask({ text: '要带什么材料', conversation });
      expect(kinds(documents.replies)[0]).to.equal('faq:employer-registration');
      expect(texts(documents.replies)).to.include(catalog.t('zh-CN', 'registrationDeadline.askEvent'));
      const english = { id: 'deadline-documents-en' };
      await bot.ask({ text: 'calculate our registration deadline', conversation: english, locale: 'en-US' });
      const asked = await bot.ask({ text: 'what documents do we need to bring?', conversation: english, locale: 'en-US' });
      expect(kinds(asked.replies)[0]).to.equal('faq:employer-registration');
    });

    it('leaves "不知道" and a bare "上个月" to the step, which asks again, instead of answering an entry or starting another flow', async () => {
      const conversation = { id: 'checklist-unsure' };
      await bot.ask({ text: '>>rc', conversation });
      const unsure = await bot.ask({ text: '不知道', conversation });
      expect(kinds(unsure.replies)).to.deep.equal(['dialog:reimbursement-checklist']);
      expect(texts(unsure.replies)).to.include(catalog.t('zh-CN', 'reimbursement.askReferral'));
      await bot.ask({ text: '是', conversation });
      const month = await bot.ask({ text: '上个月', conversation });
      expect(kinds(month.replies)).to.deep.equal(['dialog:reimbursement-checklist']);
      expect(texts(month.replies)).to.include(catalog.t('zh-CN', 'reimbursement.askDate'));
    });

    it('reads a follow-up after a finished flow after what the flow ended on, and takes no typed vote for it', async () => {
      const conversation = { id: 'after-password-flow' };
      const flow = await bot.ask({ text: '取钱的密码忘了 怎么重置', conversation });
      expect(kinds(flow.replies)[0]).to.equal('dialog:password-reset');
      const bank = await bot.ask({ text: '去哪个银行办', conversation });
      expect(kinds(bank.replies)[0]).to.equal('faq:password-financial');

      const english = { id: 'after-deadline-flow' };
      await bot.ask({ text: 'our company was founded on 2 March, when must we register by?', conversation: english, locale: 'en-US' });
      const thanks = await bot.ask({ text: 'yes', conversation: english, locale: 'en-US' });
      expect(kinds(thanks.replies)[0]).to.not.equal('control:feedback');
      const documents = await bot.ask({ text: 'what documents do we bring?', conversation: english, locale: 'en-US' });
      expect(kinds(documents.replies)[0]).to.equal('faq:employer-registration');
    });

    it('reads "去登记要带哪些东西" after a finished deadline as the registration\'s documents, and leaves the deadline on "停一下，不算了"', async () => {
      const conversation = { id: 'after-deadline-documents' };
      await bot.ask({ text: '我们公司3月1号成立，哪天之前要登记', conversation });
      const documents = await bot.ask({ text: '去登记要带哪些东西', conversation });
      expect(kinds(documents.replies)[0]).to.equal('faq:employer-registration');

      const stopped = { id: 'deadline-stopped' };
      await bot.ask({ text: '帮我算一下社保登记截止日期', conversation: stopped });
      await bot.ask({ text: '公司地址变了', conversation: stopped });
      const stop = await bot.ask({ text: '停一下，不算了', conversation: stopped });
      expect(kinds(stop.replies)[0]).to.equal('control:cancel');
    });

    it('takes the event corrected at the day step ("不对不对，是公司地址变更了，不是新成立")', async () => {
      const conversation = { id: 'deadline-event-corrected' };
      await bot.ask({ text: '帮我算一下社保登记截止日期', conversation });
      await bot.ask({ text: '新成立的', conversation });
      const corrected = await bot.ask({ text: '不对不对，是公司地址变更了，不是新成立', conversation });
      expect(kinds(corrected.replies)).to.deep.equal(['dialog:registration-deadline']);
      expect(texts(corrected.replies)).to.include(catalog.t('zh-CN', 'registrationDeadline.askDate.changed'));
    });

    it('takes a referral answer corrected at the day step ("其实转诊办过了" after "没有转诊"), then asks the day again', async () => {
      const conversation = { id: 'referral-corrected' };
      await bot.ask({ text: '帮我核对报销材料', conversation });
      await bot.ask({ text: '没有转诊', conversation });
      const corrected = await bot.ask({ text: '哦不好意思，刚问了病人，其实转诊办过了', conversation });
      expect(kinds(corrected.replies)).to.deep.equal(['dialog:reimbursement-checklist', 'dialog:reimbursement-checklist']);
      expect(texts(corrected.replies)).to.include(catalog.t('zh-CN', 'reimbursement.referralCorrectedYes'));
      expect(texts(corrected.replies)).to.include(catalog.t('zh-CN', 'reimbursement.askDate'));
      // A question about the referral is still answered, not taken as a correction.
      const question = await bot.ask({ text: '转诊单在哪开？', conversation });
      expect(kinds(question.replies)[0]).to.match(/^faq:/);
    });

    it('answers how the passwords differ while the reset asks which one, then asks again', async () => {
      const conversation = { id: 'password-difference' };
      await bot.ask({ text: '帮我找回社保卡密码', conversation });
      const difference = await bot.ask({ text: '这几个密码有什么区别啊', conversation });
      expect(kinds(difference.replies)[0]).to.equal('faq:password-kinds');
      expect(kinds(difference.replies).at(-1)).to.equal('dialog:password-reset');
      const bank = await bot.ask({ text: '银行那个', conversation });
      expect(kinds(bank.replies)[0]).to.equal('dialog:password-reset');
    });

    it('starts the reset after where a password is changed when the citizen says they forgot it ("我其实是忘了")', async () => {
      const conversation = { id: 'forgot-after-entry' };
      await bot.ask({ text: '查询密码在哪改', conversation });
      const forgot = await bot.ask({ text: '我其实是忘了', conversation });
      expect(kinds(forgot.replies)[0]).to.equal('dialog:password-reset');
    });

    it('recomputes a new employer\'s deadline from a day corrected right after the result', async () => {
      const conversation = { id: 'deadline-corrected-after' };
      const first = await bot.ask({ text: '我们公司3月2号成立的，社保登记最晚哪天', conversation });
      expect(texts(first.replies)).to.include('2026年4月1日');
      const corrected = await bot.ask({ text: '不对不对，记错了，是3月10号', conversation });
      expect(kinds(corrected.replies)[0]).to.equal('dialog:registration-deadline');
      expect(texts(corrected.replies)).to.include('2026年4月9日');
      expect(texts(corrected.replies)).not.to.include(catalog.t('zh-CN', 'registrationDeadline.askEvent'));
    });

    it('answers "not sure" itself, though the knowledge base finds a word of the message ("不知道啊 我爸住院是我姐办的")', async () => {
      const conversation = { id: 'referral-unsure-with-story' };
      await bot.ask({ text: '>>rc', conversation });
      const unsure = await bot.ask({ text: '不知道啊 我爸住院是我姐办的', conversation });
      expect(kinds(unsure.replies)).to.deep.equal(['dialog:reimbursement-checklist']);
      expect(texts(unsure.replies)).to.include(catalog.t('zh-CN', 'reimbursement.referralUnsure'));
    });

    it('hands off a topic it has no verified answer for ("I want a real person"), then asks its question again', async () => {
      const conversation = { id: 'password-handoff' };
      await bot.ask({ text: 'I forgot my social security password', conversation, locale: 'en-US' });
      const handoff = await bot.ask({ text: 'this is useless, let me talk to a real person', conversation, locale: 'en-US' });
      expect(kinds(handoff.replies)[0]).to.equal('handoff:human-agent');
      expect(texts(handoff.replies)).to.include('12333');
      expect(texts(handoff.replies)).to.include(catalog.t('en-US', 'passwordReset.askKind'));
    });
  });

  it('keeps the checklist in user state, so the same user is offered to continue in a new conversation days later', async () => {
    const monday = { id: 'checklist-monday' };
    for (const text of ['>>rc', '是', '昨天', '发票和身份证都有了']) {
      const { status } = await bot.ask({ text, conversation: monday, channelId: 'webchat' });
      expect(status).to.equal(200);
    }
    clock.advance(3 * 86_400_000);
    const later = await bot.ask({ text: '我的清单', conversation: { id: 'checklist-thursday' }, channelId: 'webchat' });
    expect(texts(later.replies)).to.include(catalog.t('zh-CN', 'reimbursement.askContinue'));
    expect(later.replies[0]?.channelData).to.deep.equal({ kind: 'dialog', topic: 'reimbursement-checklist' });

    const done = await bot.ask({ text: '继续', conversation: { id: 'checklist-thursday' }, channelId: 'webchat' });
    expect(texts(done.replies)).to.include(catalog.t('zh-CN', 'reimbursement.askItems'));
    const summary = await bot.ask({ text: '全部都有', conversation: { id: 'checklist-thursday' }, channelId: 'webchat' });
    expect(summary.replies[0]?.attachments?.[0]?.contentType).to.equal('application/vnd.microsoft.card.adaptive');
    // A client that cannot show the card, or a screen reader, has the same content as text.
    expect((summary.replies[0] as { summary?: string } | undefined)?.summary).to.include(catalog.t('zh-CN', 'reimbursement.summaryTitle'));
  });

  it('tells a returning user about an unfinished checklist once, on the greeting of a new conversation', async () => {
    for (const text of ['>>rc', '是', '昨天', '发票有了']) await bot.ask({ text, conversation: { id: 'started' }, from: { id: 'returning' } });
    clock.advance(5 * 86_400_000);
    const conversation = { id: 'greeted-later' };
    const greeting = await bot.ask({ type: 'conversationUpdate', conversation, from: { id: 'returning' }, ...{ membersAdded: [{ id: 'returning' }] } });
    const offer = greeting.replies.at(-1);
    expect(offer?.text).to.match(/还没完成，已备齐 2\/7 项/);
    expect(offer?.channelData).to.deep.equal({ kind: 'dialog', topic: 'reimbursement-checklist' });
    expect(offer?.suggestedActions?.actions.map((action) => action.value)).to.deep.equal(['我的清单']);

    const next = await bot.ask({ text: '帮助', conversation, from: { id: 'returning' } });
    expect(texts(next.replies)).not.to.match(/还没完成/);
  });

  it('tells a returning user after the first answer where the channel sends no greeting, and not again', async () => {
    for (const text of ['>>rc', 'yes', 'yesterday', 'I have the receipts']) await bot.ask({ text, locale: 'en-US', conversation: { id: 'begun' }, from: { id: 'back-en' } });
    clock.advance(2 * 86_400_000);
    const conversation = { id: 'no-greeting' };
    const first = await bot.ask({ text: 'help', locale: 'en-US', conversation, from: { id: 'back-en' } });
    expect(first.replies[0]?.channelData?.topic).to.equal('help');
    expect(first.replies.at(-1)?.text).to.match(/isn't finished yet: 2 of 7 documents are ready/);
    const second = await bot.ask({ text: 'help', locale: 'en-US', conversation, from: { id: 'back-en' } });
    expect(texts(second.replies)).not.to.match(/isn't finished/);
  });

  it('says nothing about a checklist to a user who has none', async () => {
    const { replies } = await bot.ask({ text: '帮助', conversation: { id: 'fresh' }, from: { id: 'newcomer' } });
    expect(texts(replies)).not.to.match(/还没完成/);
  });
});
