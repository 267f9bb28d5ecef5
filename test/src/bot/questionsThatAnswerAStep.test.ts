import { expect } from 'chai';
import { startBot, type RunningBot } from '../../support/botServer.js';

describe('a question that answers the step of a flow (the real app)', () => {
  let bot: RunningBot;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.close();
  });

  /** Says `texts` in a new conversation and returns the kind:topic of every reply to the last. */
  async function lastReplies(locale: 'zh-CN' | 'en-US', texts: string[]): Promise<string[]> {
    const conversation = { id: `step-question-${locale}-${Math.random().toString(36).slice(2)}` };
    let replies: string[] = [];
    for (const text of texts) {
      replies = (await bot.ask({ text, locale, conversation })).replies.map((reply) => `${reply.channelData?.kind ?? ''}:${reply.channelData?.topic ?? ''}`);
    }
    return replies;
  }

  it('takes "网上能改吗" / "can I do it by phone?" at "which way?" as the way chosen, not as a question for the knowledge base', async () => {
    expect(await lastReplies('zh-CN', ['帮我改下查询密码', '网上能改吗'])).to.deep.equal(['dialog:password-reset']);
    expect(await lastReplies('en-US', ['help me reset my query password', 'can I do it by phone?'])).to.deep.equal(['dialog:password-reset']);
  });

  it('takes "是银行那个密码吧？" / "the bank pin i guess?" at "which password?" as the password chosen', async () => {
    expect(await lastReplies('zh-CN', ['帮我改下社保卡密码', '是银行那个密码吧？'])).to.deep.equal(['dialog:password-reset']);
    expect(await lastReplies('en-US', ['help me reset my card password', 'the bank pin i guess?'])).to.deep.equal(['dialog:password-reset']);
  });

  it('asks the day again when the deadline flow\'s event is restated ("新成立的"), but answers a question about it ("要带什么材料")', async () => {
    expect(await lastReplies('zh-CN', ['公司刚成立，帮我算算社保登记最晚哪天要办完', '新成立的'])).to.deep.equal(['dialog:registration-deadline']);
    const asked = await lastReplies('zh-CN', ['公司刚成立，帮我算算社保登记最晚哪天要办完', '要带什么材料']);
    expect(asked[0]).to.equal('faq:employer-registration');
    expect(asked.at(-1)).to.equal('dialog:registration-deadline');
  });

  it('still answers a question about something else first, then asks the step again', async () => {
    const replies = await lastReplies('zh-CN', ['帮我改下查询密码', '社保卡能在外地用吗']);
    expect(replies[0]).to.equal('faq:card-cross-region');
    expect(replies.at(-1)).to.equal('dialog:password-reset');
  });
});
