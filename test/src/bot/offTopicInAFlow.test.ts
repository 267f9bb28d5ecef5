import { expect } from 'chai';
import { lastReplies as replyTo, startBot, type RunningBot } from '../../support/botServer.js';

describe('a message about another subject in the middle of a flow (the real app)', () => {
  let bot: RunningBot;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.close();
  });

  const lastReplies = (locale: 'zh-CN' | 'en-US', texts: string[], options: { newUser?: boolean } = {}) => replyTo(bot, locale, texts, options);

  it('says it cannot help with the weather or a joke, then asks the step again, instead of "I couldn\'t tell which document you mean"', async () => {
    const weather = await lastReplies('zh-CN', ['核对报销材料', '有转诊', '10月10号出院', '今天广州会下雨吗']);
    expect(weather.map((reply) => reply.meta)).to.deep.equal(['out-of-scope:out-of-scope', 'dialog:reimbursement-checklist', 'dialog:reimbursement-checklist']);
    expect(weather.at(-1)?.text).to.contain('下面这些材料，您已经有哪些');

    const joke = await lastReplies('en-US', ['work out our registration deadline', 'changed details', 'tell me a joke, this is boring']);
    expect(joke[0]?.meta).to.equal('out-of-scope:out-of-scope');
    expect(joke.at(-1)).to.deep.include({ meta: 'dialog:registration-deadline' });
    expect(joke.at(-1)?.text).to.contain('On what date did the registration details change?');
  });

  it('hands off a question about the office\'s hours though it names a day ("你们社保局周六上班吗" when the checklist asks the day), then asks the day again', async () => {
    const replies = await lastReplies('zh-CN', ['帮我核对一下报销材料', '有转诊', '你们社保局周六上班吗'], { newUser: true });
    expect(replies.map((reply) => reply.meta)).to.deep.equal(['handoff:office-hours', 'dialog:reimbursement-checklist', 'dialog:reimbursement-checklist']);
    expect(replies.at(-1)?.text).to.contain('您是哪天看病或出院的');
  });

  it('takes "the doctor here wrote her a referral letter" as yes to the referral, and "the one for transferring money" as the bank password', async () => {
    const referral = await lastReplies('en-US', ['help me check my reimbursement documents', 'the doctor here wrote her a referral letter'], { newUser: true });
    expect(referral.map((reply) => reply.meta)).to.deep.equal(['dialog:reimbursement-checklist']);
    expect(referral[0]?.text).to.contain('On what day were you treated or discharged?');
    const bank = await lastReplies('en-US', ['can you help me change my card password, i keep getting it wrong', 'the one for transfering money and buying stuff with the card']);
    expect(bank.map((reply) => reply.meta)).to.deep.equal(['dialog:password-reset']);
    expect(bank[0]?.text).to.contain('financial account password');
  });

  it('treats another company\'s password in the password flow as another subject', async () => {
    const replies = await lastReplies('en-US', ['reset my card password', 'my Alipay password too, can you reset that?']);
    expect(replies[0]?.meta).to.equal('out-of-scope:out-of-scope');
    expect(replies.at(-1)?.meta).to.equal('dialog:password-reset');
  });

  it('still gives the step a message that answers it, though it also names another business ("his bank card") and asks where', async () => {
    const replies = await lastReplies('en-US', ['pls check claim docs for my dad hospital stay out of town', 'he had', '2 weeks ago', 'got everything except his bank card, idk where he put it']);
    expect(replies.map((reply) => reply.meta)).to.deep.equal(['dialog:reimbursement-checklist']);
    expect(replies[0]?.text).to.contain('Noted as still missing: Bank card');
  });

  it('says goodbye to "好的，先这样，拜拜" in the middle of a flow, without asking its question again', async () => {
    const replies = await lastReplies('zh-CN', ['公司注销了，帮我算下社保注销的最后期限', '好的，先这样，拜拜']);
    expect(replies.map((reply) => reply.meta)).to.deep.equal(['control:goodbye']);
  });

  it('still asks again, without the out-of-scope reply, after a message that says nothing it knows', async () => {
    const replies = await lastReplies('zh-CN', ['核对报销材料', '有转诊', '10月10号出院', '嗯嗯那个啥']);
    expect(replies.map((reply) => reply.meta)).to.deep.equal(['dialog:reimbursement-checklist']);
  });
});
