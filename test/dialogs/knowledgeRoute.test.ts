import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../../src/i18n/catalog.js';
import { loadContent } from '../../src/knowledge/contentSchema.js';
import { FEEDBACK_FILE, UNANSWERED_FILE } from '../../src/knowledge/journal.js';
import type { Locale } from '../../src/locale.js';
import { startBot, type ReplyActivity, type RunningBot } from '../support/botServer.js';

const catalog = loadCatalog();
const content = loadContent();
const answerOf = (locale: Locale, entryId: string) => content[locale].faq.entries.find((entry) => entry.id === entryId)!;
const texts = (replies: ReplyActivity[]) => replies.map((reply) => reply.text ?? '').join('\n');
const actionsOf = (reply: ReplyActivity | undefined) => reply?.suggestedActions?.actions ?? [];

let sequence = 0;
/** A fresh conversation of a fresh user, so no saved language or earlier answer leaks between cases. */
function fresh(): { conversation: { id: string }; from: { id: string } } {
  sequence += 1;
  return { conversation: { id: `knowledge-${process.pid}-${sequence}` }, from: { id: `citizen-${process.pid}-${sequence}` } };
}

/** Everything the store under `statePath` holds, as text: what a test may look for in saved state. */
function storedText(statePath: string): string {
  return readdirSync(statePath, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(statePath, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

function readLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('knowledge route through the real service', () => {
  let bot: RunningBot;
  let statePath: string;
  beforeEach(async () => {
    statePath = mkdtempSync(path.join(tmpdir(), 'kb-route-'));
    bot = await startBot({ STATE_STORE: 'lowdb', STATE_PATH: statePath, RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0' });
  });
  afterEach(async () => {
    await bot.close();
    rmSync(statePath, { recursive: true, force: true });
  });

  const routing: { locale: Locale; text: string; kind: string; topic: string }[] = [
    { locale: 'zh-CN', text: '社保卡卡号是身份证号吗', kind: 'faq', topic: 'card-number' },
    { locale: 'en-US', text: 'is my social security card number the same as my id number', kind: 'faq', topic: 'card-number' },
    { locale: 'zh-CN', text: '我的社保卡密码忘了 帮帮我', kind: 'dialog', topic: 'password-reset' },
    { locale: 'en-US', text: 'I forgot my social security card password, help me', kind: 'dialog', topic: 'password-reset' },
    { locale: 'zh-CN', text: '公积金余额在哪查', kind: 'handoff', topic: 'provident-fund' },
    { locale: 'en-US', text: 'how can I check my housing provident fund', kind: 'handoff', topic: 'provident-fund' },
    { locale: 'zh-CN', text: '推荐一部好看的动画片', kind: 'out-of-scope', topic: 'out-of-scope' },
    { locale: 'en-US', text: 'recommend a cartoon for my grandson', kind: 'out-of-scope', topic: 'out-of-scope' },
  ];
  for (const { locale, text, kind, topic } of routing) {
    it(`replies to "${text}" (${locale}) as ${kind} ${topic}`, async () => {
      const { status, replies } = await bot.ask({ text, locale, ...fresh() });
      expect(status).to.equal(200);
      expect(replies[0]?.channelData).to.include({ kind, topic });
    });
  }

  for (const locale of ['zh-CN', 'en-US'] as const) {
    it(`answers an entry in ${locale} with its source line, then 👍 👎 and up to three related questions`, async () => {
      const text = locale === 'zh-CN' ? '社保卡号是啥' : 'what is my social security card number';
      const entry = answerOf(locale, 'card-number');
      const { replies } = await bot.ask({ text, locale, ...fresh() });
      expect(replies[0]?.text).to.equal(`${entry.answer}\n\n${catalog.t(locale, 'knowledge.source', { label: entry.source.label })}`);
      const feedback = replies.at(-1);
      expect(feedback?.text).to.equal(catalog.t(locale, 'knowledge.feedbackAndRelated'));
      const titles = actionsOf(feedback).map((action) => action.title);
      expect(titles.slice(0, 2)).to.deep.equal([catalog.t(locale, 'knowledge.helpful'), catalog.t(locale, 'knowledge.notHelpful')]);
      expect(titles.slice(2)).to.deep.equal(entry.related.slice(0, 3).map((id) => answerOf(locale, id).question));
      for (const reply of replies) expect(reply.channelData).to.include({ kind: 'faq', topic: 'card-number' });
    });

    it(`says plainly in ${locale} that there is no verified answer, with 12333 and the service window`, async () => {
      const text = locale === 'zh-CN' ? '社保局周日开不开门' : 'is the social security office open on sunday';
      const { replies } = await bot.ask({ text, locale, ...fresh() });
      expect(replies[0]?.channelData).to.include({ kind: 'handoff', topic: 'office-hours' });
      expect(replies[0]?.text).to.equal(catalog.t(locale, 'knowledge.handoff'));
      expect(replies[0]?.text).to.include('12333');
    });
  }

  it('answers a Chinese question in Chinese even when the client says en-US', async () => {
    const { replies } = await bot.ask({ text: '社保卡在外地能用吗', locale: 'en-US', ...fresh() });
    expect(replies[0]?.channelData).to.include({ kind: 'faq', topic: 'card-cross-region' });
    expect(replies[0]?.text).to.include(answerOf('zh-CN', 'card-cross-region').answer);
    expect(replies.at(-1)?.text).to.equal(catalog.t('zh-CN', 'knowledge.feedbackAndRelated'));
  });

  it('answers an English question in English even when the client says zh-CN', async () => {
    const { replies } = await bot.ask({ text: 'can I use my social security card in another city', locale: 'zh-CN', ...fresh() });
    expect(replies[0]?.channelData).to.include({ kind: 'faq', topic: 'card-cross-region' });
    expect(replies[0]?.text).to.include(answerOf('en-US', 'card-cross-region').answer);
  });

  it('answers a tapped related question by its entry id', async () => {
    const who = fresh();
    const first = await bot.ask({ text: '社保卡号是啥', locale: 'zh-CN', ...who });
    const related = actionsOf(first.replies.at(-1))[2];
    const { replies } = await bot.ask({ text: String(related?.title), value: related?.value, locale: 'zh-CN', ...who });
    expect(replies[0]?.channelData).to.include({ kind: 'faq', topic: answerOf('zh-CN', 'card-number').related[0] });
  });

  it('stores a tapped 👍 or 👎 with the entry id and thanks the user', async () => {
    const who = fresh();
    const first = await bot.ask({ text: 'what is my social security card number', locale: 'en-US', ...who });
    const [helpful, notHelpful] = actionsOf(first.replies.at(-1));
    const up = await bot.ask({ text: '👍', value: helpful?.value, locale: 'en-US', ...who });
    expect(up.replies[0]?.channelData).to.include({ kind: 'control', topic: 'feedback' });
    expect(texts(up.replies)).to.equal(catalog.t('en-US', 'knowledge.thanksHelpful'));
    await bot.ask({ text: '👎', value: notHelpful?.value, locale: 'en-US', ...who });
    expect(readLines(path.join(statePath, FEEDBACK_FILE)).map(({ entryId, vote, locale }) => ({ entryId, vote, locale }))).to.deep.equal([
      { entryId: 'card-number', vote: 'up', locale: 'en-US' },
      { entryId: 'card-number', vote: 'down', locale: 'en-US' },
    ]);
  });

  it('answers a request for a person and a complaint with their own replies, not "no verified answer"', async () => {
    const person = await bot.ask({ text: 'can I speak to a real person please', locale: 'en-US', ...fresh() });
    expect(person.replies[0]?.channelData).to.include({ kind: 'handoff', topic: 'human-agent' });
    expect(person.replies[0]?.text).to.equal(catalog.t('en-US', 'core.humanHandoff'));
    const complaint = await bot.ask({ text: '窗口的人态度太差了 我要投诉', locale: 'zh-CN', ...fresh() });
    expect(complaint.replies[0]?.channelData).to.include({ kind: 'handoff', topic: 'complaints' });
    expect(complaint.replies[0]?.text).to.equal(catalog.t('zh-CN', 'knowledge.complaintHandoff'));
  });

  it('does not promise that the card pays a utility bill: which fees it pays is for the service window or 12333', async () => {
    for (const [text, locale, yes] of [['社保卡能交水电费吗', 'zh-CN', /^可以/], ['can I pay my water bill with my social security card', 'en-US', /^Yes/]] as const) {
      const reply = (await bot.ask({ text, locale, ...fresh() })).replies[0];
      expect(reply?.channelData, text).to.include({ kind: 'faq', topic: 'card-financial-functions' });
      expect(reply?.text, text).to.not.match(yes);
      expect(reply?.text, text).to.include('12333');
    }
  });

  it('answers a hotline that does not pick up with the service window and self-service, not with "call 12333" again', async () => {
    for (const [text, locale] of [['12333打了半天都没人接', 'zh-CN'], ["I've been calling 12333 all morning and can't get through", 'en-US']] as const) {
      const reply = (await bot.ask({ text, locale, ...fresh() })).replies[0];
      expect(reply?.channelData, text).to.include({ kind: 'handoff', topic: 'hotline' });
      expect(reply?.text, text).to.equal(catalog.t(locale, 'knowledge.hotlineHandoff'));
    }
  });

  it('reads a short follow-up after the question last answered in the conversation, in both languages', async () => {
    const zh = fresh();
    await bot.ask({ text: '新开的公司要去办社保登记吗', locale: 'zh-CN', ...zh });
    const materials = await bot.ask({ text: '那要带什么材料', locale: 'zh-CN', ...zh });
    expect(materials.replies[0]?.channelData).to.include({ kind: 'faq', topic: 'employer-registration' });
    const en = fresh();
    await bot.ask({ text: 'how soon must a new company register for social insurance', locale: 'en-US', ...en });
    const documents = await bot.ask({ text: 'and what documents do we bring?', locale: 'en-US', ...en });
    expect(documents.replies[0]?.channelData).to.include({ kind: 'faq', topic: 'employer-registration' });
  });

  it('reads a follow-up after what the citizen named, keeping glossary concept names of it and never their words', async () => {
    const who = fresh();
    // Answered by the kinds of password; "this password" is the service password the citizen named.
    expect((await bot.ask({ text: '设保卡服务密码是干嘛用的', locale: 'zh-CN', ...who })).replies[0]?.channelData).to.include({ kind: 'faq', topic: 'password-kinds' });
    const stored = storedText(statePath);
    expect(stored).to.include('"named":["~社保卡服务密码"]');
    expect(stored).to.not.include('干嘛用');
    expect((await bot.ask({ text: '哦 那我要改这个秘码得跑哪去', locale: 'zh-CN', ...who })).replies[0]?.channelData).to.include({ kind: 'faq', topic: 'password-account' });
    expect(storedText(statePath)).to.not.include('跑哪去');
  });

  it('reads a message that goes back to an earlier question ("回到公司那个", "going back to") after that question, keeping entry ids only', async () => {
    const zh = fresh();
    await bot.ask({ text: '新成立的公司多久内要办社保登记', locale: 'zh-CN', ...zh });
    await bot.ask({ text: '社保卡在外地能用吗', locale: 'zh-CN', ...zh });
    expect(storedText(statePath)).to.include('"entryId":"card-cross-region"').and.to.include('"earlier":["employer-registration"]');
    const back = await bot.ask({ text: '回到公司那个 要带哪些东西去', locale: 'zh-CN', ...zh });
    expect(back.replies[0]?.channelData).to.include({ kind: 'faq', topic: 'employer-registration' });
    const en = fresh();
    await bot.ask({ text: 'can i withdraw cash with my social security card', locale: 'en-US', ...en });
    await bot.ask({ text: 'what does a company have to do with its registration when it closes', locale: 'en-US', ...en });
    const again = await bot.ask({ text: 'going back to the cash thing, do i activate it at the bank first?', locale: 'en-US', ...en });
    expect(again.replies[0]?.channelData).to.include({ kind: 'faq', topic: 'card-financial-functions' });
    // Without the cue, the same question is read after the last answer only.
    const plain = fresh();
    await bot.ask({ text: '新成立的公司多久内要办社保登记', locale: 'zh-CN', ...plain });
    await bot.ask({ text: '社保卡在外地能用吗', locale: 'zh-CN', ...plain });
    expect((await bot.ask({ text: '要带哪些东西去', locale: 'zh-CN', ...plain })).replies[0]?.channelData?.topic).to.not.equal('employer-registration');
  });

  it('does not read a follow-up into a new conversation, or into small talk after an answer', async () => {
    expect((await bot.ask({ text: '那要带什么材料', locale: 'zh-CN', ...fresh() })).replies[0]?.channelData?.topic).to.not.equal('employer-registration');
    const who = fresh();
    await bot.ask({ text: '新开的公司要去办社保登记吗', locale: 'zh-CN', ...who });
    expect((await bot.ask({ text: '明天天气咋样', locale: 'zh-CN', ...who })).replies[0]?.channelData).to.include({ kind: 'out-of-scope' });
  });

  it('reads a message after a handoff as the domain\'s: how much a rider pays in is a handoff, not small talk, and the weather still is', async () => {
    const rider = fresh();
    await bot.ask({ text: '我跑外卖的，没单位，社保自己怎么交', locale: 'zh-CN', ...rider });
    expect((await bot.ask({ text: '那每个月得交多少钱', locale: 'zh-CN', ...rider })).replies[0]?.channelData).to.include({ kind: 'handoff', topic: 'contribution-amounts' });
    expect((await bot.ask({ text: '明天天气咋样', locale: 'zh-CN', ...rider })).replies[0]?.channelData).to.include({ kind: 'out-of-scope' });
    // Without the handoff before it, the same question names nothing of the domain.
    expect((await bot.ask({ text: '那每个月得交多少钱', locale: 'zh-CN', ...fresh() })).replies[0]?.channelData).to.include({ kind: 'out-of-scope' });
  });

  it('counts a vote typed without the button value for the last answer of the conversation', async () => {
    const who = fresh();
    await bot.ask({ text: '社保卡号是啥', locale: 'zh-CN', ...who });
    await bot.ask({ text: catalog.t('zh-CN', 'knowledge.notHelpful'), locale: 'zh-CN', ...who });
    expect(readLines(path.join(statePath, FEEDBACK_FILE))).to.have.length(1).and.to.have.nested.property('[0].entryId', 'card-number');
  });

  it('counts a vote typed as plain words or an emoji ("没帮助", "👍"), but never a "no" that answers a flow\'s question', async () => {
    const who = fresh();
    await bot.ask({ text: '社保卡号是啥', locale: 'zh-CN', ...who });
    const down = await bot.ask({ text: '没帮助', locale: 'zh-CN', ...who });
    expect(down.replies[0]?.channelData).to.include({ kind: 'control', topic: 'feedback' });
    await bot.ask({ text: '👍', locale: 'zh-CN', ...who });
    expect(readLines(path.join(statePath, FEEDBACK_FILE)).map((line) => (line as { vote: string }).vote)).to.deep.equal(['down', 'up']);
    // The same vote typed again is a plain acknowledgement, not a third vote.
    const again = await bot.ask({ text: '👍', locale: 'zh-CN', ...who });
    expect(again.replies[0]?.channelData?.topic).to.not.equal('feedback');
    expect(readLines(path.join(statePath, FEEDBACK_FILE))).to.have.length(2);
    await bot.ask({ text: 'help me check my reimbursement documents', locale: 'en-US', ...who });
    const answer = await bot.ask({ text: 'no', locale: 'en-US', ...who });
    expect(answer.replies[0]?.channelData).to.include({ kind: 'dialog', topic: 'reimbursement-checklist' });
    expect(readLines(path.join(statePath, FEEDBACK_FILE))).to.have.length(2);
  });

  it('counts a vote said in one\'s own words after an answer ("嗯，有帮助", "有用，谢谢啦", "not really")', async () => {
    const zh = fresh();
    await bot.ask({ text: '社保卡的密码要去哪里改', locale: 'zh-CN', ...zh });
    const up = await bot.ask({ text: '嗯，有帮助', locale: 'zh-CN', ...zh });
    expect(up.replies[0]?.channelData).to.include({ kind: 'control', topic: 'feedback' });
    const en = fresh();
    await bot.ask({ text: 'can I use my card in another province', locale: 'en-US', ...en });
    const down = await bot.ask({ text: 'not really', locale: 'en-US', ...en });
    expect(down.replies[0]?.channelData).to.include({ kind: 'control', topic: 'feedback' });
    const thanked = fresh();
    await bot.ask({ text: '异地报销要带哪些材料', locale: 'zh-CN', ...thanked });
    await bot.ask({ text: '有用，谢谢啦', locale: 'zh-CN', ...thanked });
    const votes = readLines(path.join(statePath, FEEDBACK_FILE)) as { vote: string; entryId: string }[];
    expect(votes.map((line) => `${line.entryId}:${line.vote}`)).to.deep.equal(['password-account:up', 'card-cross-region:down', 'medical-reimbursement-documents:up']);
  });

  it('records a handed-off question with personal data masked, and the report reads it', async () => {
    await bot.ask({ text: '我手机13812345678 社保局周六上班吗', locale: 'zh-CN', ...fresh() });
    const [record] = readLines(path.join(statePath, UNANSWERED_FILE));
    expect(record).to.include({ locale: 'zh-CN', topic: 'office-hours', version: 1 });
    expect(String(record?.text)).not.to.include('13812345678');
    expect(String(record?.text)).to.include('社保局周六上班吗');
  });
});
