import type { ControlPhrases } from '../../dialogs/controlRoutes.js';
import { expect } from 'chai';
import { startBot, type ReplyActivity, type RunningBot } from '../support/botServer.js';

interface Step {
  says: string;
  kind: string;
  topic: string;
  reply: RegExp;
}

/** Control intents, per locale, as transcripts: each row is one user message and what the bot answers. */
const transcripts: Record<'zh-CN' | 'en-US', Step[]> = {
  'zh-CN': [
    { says: '帮助', kind: 'control', topic: 'help', reply: /您可以直接问我问题/ },
    { says: '取消', kind: 'control', topic: 'cancel', reply: /没有进行中的事项/ },
    { says: '重新开始', kind: 'control', topic: 'startOver', reply: /重新开始/ },
    { says: '人工', kind: 'handoff', topic: 'human-agent', reply: /12333/ },
    { says: '谢谢啦', kind: 'control', topic: 'thanks', reply: /不客气/ },
    { says: '谢谢你啊小助手', kind: 'control', topic: 'thanks', reply: /不客气/ },
    { says: '谢谢你啊 孩子', kind: 'control', topic: 'thanks', reply: /不客气/ },
    { says: '再见', kind: 'control', topic: 'goodbye', reply: /再见/ },
    { says: '好的', kind: 'control', topic: 'acknowledge', reply: /还有别的问题/ },
    { says: '您好', kind: 'control', topic: 'greeting', reply: /社保助手/ },
    { says: '社保卡', kind: 'clarify', topic: 'whichTopic', reply: /哪方面/ },
    { says: '不知道', kind: 'clarify', topic: 'unsure', reply: /没关系/ },
    { says: '算了不改了', kind: 'control', topic: 'cancel', reply: /没有进行中的事项/ },
    { says: 'English', kind: 'control', topic: 'switchToEnglish', reply: /answer in English/ },
    { says: '帮助', kind: 'control', topic: 'help', reply: /Just ask me a question/ },
    { says: '中文', kind: 'control', topic: 'switchToChinese', reply: /用中文回答/ },
  ],
  'en-US': [
    { says: 'help', kind: 'control', topic: 'help', reply: /Just ask me a question/ },
    { says: 'Cancel', kind: 'control', topic: 'cancel', reply: /nothing in progress/ },
    { says: 'start over', kind: 'control', topic: 'startOver', reply: /start over/ },
    { says: 'talk to a person', kind: 'handoff', topic: 'human-agent', reply: /12333/ },
    { says: 'Thank you!', kind: 'control', topic: 'thanks', reply: /You're welcome/ },
    { says: 'thank you dear', kind: 'control', topic: 'thanks', reply: /You're welcome/ },
    { says: 'ok bye', kind: 'control', topic: 'goodbye', reply: /Goodbye/ },
    { says: 'OK', kind: 'control', topic: 'acknowledge', reply: /another question/ },
    { says: 'hello', kind: 'control', topic: 'greeting', reply: /Social Security Assistant/ },
    { says: 'I have a question', kind: 'clarify', topic: 'whichTopic', reply: /What would you like to know/ },
    { says: "I don't know", kind: 'clarify', topic: 'unsure', reply: /That's all right/ },
    { says: 'forget about it', kind: 'control', topic: 'cancel', reply: /nothing in progress/ },
    { says: 'no thanks', kind: 'control', topic: 'acknowledge', reply: /another question/ },
    { says: 'nvm', kind: 'control', topic: 'cancel', reply: /nothing in progress/ },
    { says: '中文', kind: 'control', topic: 'switchToChinese', reply: /用中文回答/ },
    { says: 'help', kind: 'control', topic: 'help', reply: /您可以直接问我问题/ },
    { says: 'English', kind: 'control', topic: 'switchToEnglish', reply: /answer in English/ },
  ],
};

describe('control intents', () => {
  let bot: RunningBot;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.close();
  });

  for (const [locale, steps] of Object.entries(transcripts)) {
    it(`work as a transcript in ${locale}, and the language switch is remembered`, async () => {
      const conversation = { id: `control-${locale}` };
      const from = { id: `user-${locale}` };
      for (const step of steps) {
        const { status, replies } = await bot.ask({ text: step.says, locale, conversation, from });
        expect(status, step.says).to.equal(200);
        const first: ReplyActivity | undefined = replies[0];
        expect(first?.text, step.says).to.match(step.reply);
        expect(first?.channelData, step.says).to.include({ kind: step.kind, topic: step.topic });
      }
    });
  }

  it('remembers the language choice in user state, across conversations', async () => {
    const from = { id: 'user-remembers' };
    await bot.ask({ text: 'English', locale: 'zh-CN', from, conversation: { id: 'first' } });
    const { replies } = await bot.ask({ text: '帮助', locale: 'zh-CN', from, conversation: { id: 'second' } });
    expect(replies[0]?.text).to.match(/Just ask me a question/);
  });

  it('takes "thanks, that helps" as a vote after an answer, and as thanks after a handoff, where there is nothing to vote on', async () => {
    const answered = { id: 'thanks-after-answer' };
    await bot.ask({ text: 'where do I change the bank password', locale: 'en-US', conversation: answered });
    const vote = await bot.ask({ text: 'thanks, that helps', locale: 'en-US', conversation: answered });
    expect(vote.replies[0]?.channelData).to.include({ kind: 'control', topic: 'feedback' });

    const handedOff = { id: 'thanks-after-handoff' };
    const handoff = await bot.ask({ text: 'how much is social insurance per month', locale: 'en-US', conversation: handedOff });
    expect(handoff.replies[0]?.channelData?.kind).to.equal('handoff');
    const thanks = await bot.ask({ text: 'thanks, that helps', locale: 'en-US', conversation: handedOff });
    expect(thanks.replies[0]?.channelData).to.include({ kind: 'control', topic: 'thanks' });
    const letting = await bot.ask({ text: 'ok, thanks for letting me know', locale: 'en-US', conversation: handedOff });
    expect(letting.replies[0]?.channelData).to.include({ kind: 'control', topic: 'thanks' });
  });

  it('answers anything it does not understand with what it can help with', async () => {
    const { replies } = await bot.ask({ text: 'xyzzy plugh', locale: 'en-US' });
    expect(replies[0]?.channelData?.kind).to.equal('out-of-scope');
    expect(replies[0]?.text).to.match(/I can answer questions about/);
  });
});

describe('control phrases', () => {
  let phrases: ControlPhrases;
  before(async () => {
    const { ControlPhrases } = await import('../../dialogs/controlRoutes.js');
    phrases = ControlPhrases.load();
  });

  it('take "?" for help but do not take an emoji-only message for anything', () => {
    expect(phrases.recognise('?')).to.equal('help');
    expect(phrases.recognise('？')).to.equal('help');
    expect(phrases.recognise('🙂')).to.equal(undefined);
    expect(phrases.recognise('')).to.equal(undefined);
  });

  it('take a control word typed in traditional characters as the simplified one ("菜單", "轉人工")', () => {
    expect(phrases.recognise('菜單')).to.equal('help');
    expect(phrases.recognise('取消吧！')).to.equal('cancel');
    expect(phrases.recognise('轉人工')).to.equal('human');
  });

  it('take "不用了谢谢" as leaving a flow, not as thanks', () => {
    expect(phrases.recognise('不用了谢谢')).to.equal('cancel');
    expect(phrases.recognise('no need thanks')).to.equal('cancel');
  });

  it('give what follows a leading "算了" / "actually never mind" as the rest of the message, and nothing when there is none', () => {
    expect(phrases.restAfterCancel('那就算了，社保卡在外地能用吗')).to.equal('社保卡在外地能用吗');
    expect(phrases.restAfterCancel('actually never mind - can my card be used in another city')).to.equal('can my card be used in another city');
    expect(phrases.restAfterCancel('算了')).to.equal(undefined);
    expect(phrases.restAfterCancel('社保卡在外地能用吗 算了')).to.equal(undefined);
    expect(phrases.restAfterCancel('stopped paying last year, what now')).to.equal(undefined);
  });

  it('take the ways people close a chat ("晓得了谢谢哈", "唔该晒", "好嘞 再见", "ta, that\'s all", "cheers mate") as thanks or goodbye', () => {
    for (const text of ['晓得了谢谢哈', '好的好的麻烦你了', '唔该晒', '多谢晒', 'ok got it cheers', 'perfect thank u so much', "ta, that's all", 'cheers mate']) {
      expect(phrases.recognise(text), text).to.equal('thanks');
    }
    for (const text of ['好嘞 再见', '那就这样 再见', '拜拜啦']) {
      expect(phrases.recognise(text), text).to.equal('goodbye');
    }
  });

  it('take praise beside thanks ("perfect, thanks a lot!", "太好了 谢谢") as thanks, and "不问了" as leaving', () => {
    for (const text of ['perfect, thanks a lot!', 'awesome thx', '太好了 谢谢']) expect(phrases.recognise(text), text).to.equal('thanks');
    for (const text of ['算了不问了', '不问了']) expect(phrases.recognise(text), text).to.equal('cancel');
  });

  it('take the ways people ask for the menu, another language or a fresh start ("你都能帮我干点啥", "can we speak English", "let\'s start from scratch")', () => {
    for (const text of ['你都能帮我干点啥', 'what else can you help with?']) expect(phrases.recognise(text), text).to.equal('help');
    for (const text of ['换成英文可以吗', 'can we speak English', 'can we switch to English?']) expect(phrases.recognise(text), text).to.equal('switchToEnglish');
    expect(phrases.recognise('说中文吧')).to.equal('switchToChinese');
    for (const text of ["let's start from scratch", '从头再来']) expect(phrases.recognise(text), text).to.equal('startOver');
    expect(phrases.recognise('能不能换成英文回复')).to.equal('switchToEnglish');
    expect(phrases.recognise('never mind, cancel this')).to.equal('cancel');
  });

  it('read a vote in one\'s own words ("嗯，有帮助", "👍 挺有用的", "有用，谢谢啦", "not really") as up or down', () => {
    for (const text of ['嗯，有帮助', '👍 挺有用的', '有用，谢谢啦', 'yep, that helped']) expect(phrases.vote(text), text).to.equal('up');
    for (const text of ['没啥用', '没帮上忙', 'not really']) expect(phrases.vote(text), text).to.equal('down');
    expect(phrases.vote('社保卡有用吗')).to.equal(undefined);
  });

  it('take going back to the menu ("返回主菜单", "can I just see the main menu instead?") as the menu, and asking for an answer in a language as switching to it', () => {
    for (const text of ['返回主菜单', '回到菜单吧', 'can I just see the main menu instead?', 'back to the menu please']) expect(phrases.recognise(text), text).to.equal('help');
    for (const text of ['能用中文回答吗', 'could you say that in Chinese?']) expect(phrases.recognise(text), text).to.equal('switchToChinese');
    for (const text of ['可以用英文回答吗', 'can you answer in English']) expect(phrases.recognise(text), text).to.equal('switchToEnglish');
  });

  it('read "没啥帮助" and "that\'s exactly what I needed" as votes', () => {
    for (const text of ['没啥帮助', '帮助不大']) expect(phrases.vote(text), text).to.equal('down');
    for (const text of ["that's exactly what I needed", 'just what i needed, thanks']) expect(phrases.vote(text), text).to.equal('up');
  });

  it('take saying one will call or ask at the window beside thanks or a goodbye as closing, and "Useless. Forget it." as leaving', () => {
    expect(phrases.recognise('好的，那我打电话问问。再见')).to.equal('goodbye');
    expect(phrases.recognise("ok thanks, I'll call them")).to.equal('thanks');
    expect(phrases.recognise('那你能帮我干什么？')).to.equal('help');
    expect(phrases.recognise('能换成英文回答吗')).to.equal('switchToEnglish');
    expect(phrases.recognise('Useless. Forget it.')).to.equal('cancel');
    expect(phrases.vote('useless')).to.equal('down');
  });

  it('take a longer English closing ("All right, that\'s all I needed. Goodbye now.") and thanks to a "daughter" (谢谢你啊闺女)', () => {
    expect(phrases.recognise("All right, that's all I needed. Goodbye now.")).to.equal('goodbye');
    expect(phrases.recognise('好的，明白了，谢谢你啊闺女')).to.equal('thanks');
    expect(phrases.recognise('thanks, thats clear')).to.equal('thanks');
    expect(phrases.recognise('停 不弄了')).to.equal('cancel');
    expect(phrases.recognise("Brilliant, thank you - I'll go to the bank branch tomorrow then.")).to.equal('thanks');
  });

  it('take a few phrases of one intent in a row ("哦哦 知道了", "ok, got it") as that intent, and a mix as nothing', () => {
    expect(phrases.recognise('哦哦 知道了')).to.equal('acknowledge');
    expect(phrases.recognise('嗯嗯，明白了')).to.equal('acknowledge');
    expect(phrases.recognise('菜单 取消')).to.equal(undefined);
    expect(phrases.recognise('知道了 社保卡在外地能用吗')).to.equal(undefined);
  });

  it('take phrases run together ("不用了不用了", "no no cancel") as their intent, an "ok" beside them included', () => {
    expect(phrases.recognise('不用了不用了')).to.equal('cancel');
    expect(phrases.recognise('好的 那就算了 改天再说')).to.equal('cancel');
    expect(phrases.recognise('no no cancel')).to.equal('cancel');
    expect(phrases.recognise('yes stop')).to.equal('cancel');
    // Phrases are found a word at a time: "ta" (thanks) and "k" (ok) are not inside "that" or "kno".
    expect(phrases.recognise('that')).to.equal(undefined);
    expect(phrases.recognise('kno')).to.equal(undefined);
    expect(phrases.recognise('hi help')).to.equal(undefined);
  });

  it('leave out the fillers said around control phrases ("stop pls", "哎呀 不用了啦"), which alone are nothing', () => {
    expect(phrases.recognise('actually just stop pls')).to.equal('cancel');
    expect(phrases.recognise('哎呀 不用了啦')).to.equal('cancel');
    expect(phrases.recognise('pls')).to.equal(undefined);
    expect(phrases.recognise('哎呀')).to.equal(undefined);
  });

  it('take a request for a person wherever it stands in a message ("说不清楚 给我转人工吧"), but not the bare word "human"', () => {
    expect(phrases.recognise('说了半天也不清楚 帮我转人工')).to.equal('human');
    expect(phrases.recognise('ugh, can I talk to a real person about this please')).to.equal('human');
    expect(phrases.recognise('does human resources register the company')).to.equal(undefined);
  });

  it('read thanks with goodbye as goodbye, and a cancel with either as a cancel', () => {
    expect(phrases.recognise('好 就这样吧 多谢啦')).to.equal('goodbye');
    expect(phrases.recognise('ok thanks bye')).to.equal('goodbye');
    expect(phrases.recognise('forget it thanks anyway')).to.equal('cancel');
  });
});
