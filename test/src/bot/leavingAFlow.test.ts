import { expect } from 'chai';
import { startBot, type RunningBot } from '../../support/botServer.js';

/** The kind and topic of each reply, as a client reads them from channelData. */
function kinds(replies: { channelData?: { kind?: string; topic?: string } }[]): string[] {
  return replies.map((reply) => `${reply.channelData?.kind ?? ''}:${reply.channelData?.topic ?? ''}`);
}

describe('leaving a flow in the citizen\'s own words (the real app)', () => {
  let bot: RunningBot;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.close();
  });

  /** Starts the password flow in a new conversation and returns a function that says the next message in it. */
  async function inPasswordFlow(locale: 'zh-CN' | 'en-US'): Promise<(text: string) => Promise<string[]>> {
    const conversation = { id: `leaving-${locale}-${Math.random().toString(36).slice(2)}` };
    const say = async (text: string) => kinds((await bot.ask({ text, locale, conversation })).replies);
    expect(await say(locale === 'zh-CN' ? '帮我改一下社保卡密码' : 'help me reset my card password')).to.deep.equal(['dialog:password-reset']);
    return say;
  }

  it('cancels on control phrases run together or with fillers ("不用了不用了 算了吧", "ok stop pls"), and the flow is gone', async () => {
    const zh = await inPasswordFlow('zh-CN');
    expect((await zh('不用了不用了 算了吧'))[0]).to.equal('control:cancel');
    // What would have been the step's answer is now a question for the knowledge base.
    expect((await zh('服务密码'))[0]).to.equal('faq:password-account');
    const en = await inPasswordFlow('en-US');
    expect((await en('ok stop pls'))[0]).to.equal('control:cancel');
  });

  it('cancels when what follows "never mind" only says why ("I\'ll ask my daughter to do it")', async () => {
    const en = await inPasswordFlow('en-US');
    expect((await en("never mind, I'll ask my daughter to do it"))[0]).to.equal('control:cancel');
    const zh = await inPasswordFlow('zh-CN');
    expect((await zh('算了 等我闺女回来帮我弄'))[0]).to.equal('control:cancel');
  });

  it('says it cannot help when what follows "never mind" asks something out of scope', async () => {
    const en = await inPasswordFlow('en-US');
    expect((await en('never mind, can you recommend a good phone?'))[0]).to.equal('out-of-scope:out-of-scope');
  });
});
