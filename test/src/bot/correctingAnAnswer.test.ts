import { expect } from 'chai';
import { lastReplies as replyTo, startBot, type RunningBot } from '../../support/botServer.js';

describe('correcting an answer, and answering two steps at once, in the password flow (the real app)', () => {
  let bot: RunningBot;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.close();
  });

  const lastReplies = (locale: 'zh-CN' | 'en-US', texts: string[]) => replyTo(bot, locale, texts);

  it('takes up the flow again for the password a correction names, just after it answered for another one', async () => {
    const query = await lastReplies('zh-CN', ['我妈的社保卡密码锁了，帮忙弄一下', '银行那个', '不对不对，我刚打电话问了我妈，她说是在网上查缴费记录用的那个，应该是查询密码']);
    expect(query.map((reply) => reply.meta)).to.deep.equal(['dialog:password-reset']);
    expect(query[0]?.text).to.contain('信息查询密码有几种改法');

    const bank = await lastReplies('en-US', [
      'I want to reset my card password',
      'the service password',
      "Oh wait, no, I mixed them up. It's the one for taking cash out at the bank machine, that's the one that's stuck.",
    ]);
    expect(bank.map((reply) => reply.meta)).to.deep.equal(['dialog:password-reset']);
    expect(bank[0]?.text).to.contain('Change the financial account password');
  });

  it('says again where the password is changed when, just after, the citizen says what they have with them ("身份证和社保卡都在身上")', async () => {
    const zh = await lastReplies('zh-CN', ['帮我重置社保卡密码', '看病刷卡的密码', '身份证和社保卡都在身上']);
    expect(zh.map((reply) => reply.meta)).to.deep.equal(['dialog:password-reset']);
    expect(zh[0]?.text).to.contain('好的。').and.to.contain('定点医疗机构');

    const en = await lastReplies('en-US', ['help me reset my social security card password', 'the bank one', 'yes I have my passport and the card with me']);
    expect(en.map((reply) => reply.meta)).to.deep.equal(['dialog:password-reset']);
    expect(en[0]?.text).to.contain('Change the financial account password');
  });

  it('leaves what the citizen has with them to the knowledge base after an answer the flow did not give, or when they ask', async () => {
    const afterAnswer = await lastReplies('zh-CN', ['社保卡服务密码在哪改', '身份证和社保卡都在身上']);
    expect(afterAnswer[0]?.meta).not.to.equal('dialog:password-reset');
    const asked = await lastReplies('zh-CN', ['帮我重置社保卡密码', '看病刷卡的密码', '身份证和社保卡都在身上 还要带什么']);
    expect(asked[0]?.meta).not.to.equal('dialog:password-reset');
  });

  it('drops the flow on "never mind" and a reason, though the reason says "where" ("never mind, my son found where I wrote it down")', async () => {
    const reason = await lastReplies('en-US', ['reset my social security card password', 'never mind, my son found where I wrote it down']);
    expect(reason[0]?.meta).to.equal('control:cancel');
    const found = await lastReplies('en-US', ['reset my social security card password', 'never mind, found it']);
    expect(found[0]?.meta).to.equal('control:cancel');
    // Another subject asked after it is answered as one.
    const weather = await lastReplies('en-US', ['reset my social security card password', "never mind, what's the weather in Beijing tomorrow?"]);
    expect(weather[0]?.meta).to.match(/^out-of-scope:/);
  });

  it('closes the subject on "never mind, …" after an answer, with no flow running, unless a question follows', async () => {
    const closing = await lastReplies('en-US', ['help me reset my password', 'the bank one', "never mind, I'll just go to the bank myself"]);
    expect(closing[0]?.meta).to.equal('control:cancel');
    const asked = await lastReplies('zh-CN', ['社保卡在外地能用吗', '算了，社保卡能取钱吗']);
    expect(asked[0]?.meta).to.equal('faq:card-financial-functions');
  });

  it('takes thanks said with a plan or a word of praise as thanks ("谢谢你啊，我明天就去改", "great, thanks so much for your help")', async () => {
    const zh = await lastReplies('zh-CN', ['新领的社保卡要不要改密码', '谢谢你啊，我明天就去改']);
    expect(zh[0]?.meta).to.equal('control:thanks');
    const en = await lastReplies('en-US', ['how do I change the query password', 'great, thanks so much for your help']);
    expect(en[0]?.meta).to.equal('control:thanks');
  });

  it('explains the passwords when "which one?" is answered with a guess and "not sure" ("搞不清…银行的还是社保的")', async () => {
    const replies = await lastReplies('zh-CN', ['我妈的卡被锁了，说是密码错太多次了，怎么重置', '她也搞不清是哪个密码，银行的还是社保的']);
    expect(replies.map((reply) => reply.meta)).to.deep.equal(['dialog:password-reset', 'dialog:password-reset']);
    expect(replies[0]?.text).to.contain('三种密码的区别');
  });

  it('leaves a follow-up without a correction cue to the knowledge base ("查询密码呢" after the bank password)', async () => {
    const replies = await lastReplies('zh-CN', ['我妈的社保卡密码锁了，帮忙弄一下', '银行那个', '查询密码呢']);
    expect(replies[0]?.meta).to.equal('faq:password-query');
  });

  it('switches password when "which way?" is answered with a correction naming another one', async () => {
    const replies = await lastReplies('en-US', ['reset my card password pls', 'the query one', "hmm actually scratch that, it's the PIN I use at the ATM"]);
    expect(replies.map((reply) => reply.meta)).to.deep.equal(['dialog:password-reset']);
    expect(replies[0]?.text).to.contain('Change the financial account password');
  });

  it('takes the way told with the query password, without asking for it, but not the "online" of "online query password"', async () => {
    const terminal = await lastReplies('zh-CN', ['我爸社保卡的密码想不起来了，你能带我弄一下吗', '是那个查询密码。我们家楼下社区服务中心正好有台自助机，就用那个改行不行']);
    expect(terminal.map((reply) => reply.meta)).to.deep.equal(['dialog:password-reset']);
    expect(terminal[0]?.text).to.contain('自助服务终端');

    const asked = await lastReplies('en-US', ['I forgot my online query password']);
    expect(asked[0]?.text).to.contain('Which suits you?');
  });
});
