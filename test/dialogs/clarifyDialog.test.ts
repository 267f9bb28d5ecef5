import { expect } from 'chai';
import { ConversationState, MemoryStorage, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { createKnowledge } from '../../dialogs/knowledge.js';
import { RootDialog } from '../../dialogs/rootDialog.js';
import { stampReplyMeta } from '../../src/bot/replyMeta.js';
import { setTurnLocale } from '../../src/bot/turnLocale.js';
import { FakeClock } from '../../src/clock.js';
import { loadCatalog } from '../../src/i18n/catalog.js';
import { loadContent, type KnowledgeContent } from '../../src/knowledge/contentSchema.js';
import { MemoryJournal, type FeedbackRecord, type UnansweredRecord } from '../../src/knowledge/journal.js';
import { detectMessageLocale, type Locale } from '../../src/locale.js';

const catalog = loadCatalog();

/** The real content plus a copy of card-number under another id: a vague question about it cannot pick one. */
function contentWithTwin(): KnowledgeContent {
  const content = loadContent();
  for (const locale of ['zh-CN', 'en-US'] as const) {
    const original = content[locale].faq.entries.find((entry) => entry.id === 'card-number')!;
    content[locale].faq.entries.push({ ...original, id: 'card-number-twin', question: `${original.question} (2)`, related: [] });
  }
  return content;
}
const content = contentWithTwin();
const question = (locale: Locale, id: string) => content[locale].faq.entries.find((entry) => entry.id === id)!.question;

/** Vague questions about the card number, one per locale (written for this test). */
const VAGUE: Record<Locale, string> = {
  'zh-CN': '社保卡号码这事儿我搞不太懂',
  'en-US': 'the number on my social security card confuses me, no idea',
};
const FORGOT: Record<Locale, string> = { 'zh-CN': '我忘了社保卡密码 帮帮我', 'en-US': 'I forgot my social security card password, help me' };
const PROVIDENT_FUND: Record<Locale, string> = { 'zh-CN': '公积金怎么查', 'en-US': 'how do I check my housing provident fund' };

/** The root dialog with only the knowledge base (no flows registered), as DialogTestClient drives it. */
function conversation(locale: Locale) {
  const conversationState = new ConversationState(new MemoryStorage());
  const journals = { unanswered: new MemoryJournal<UnansweredRecord>(), feedback: new MemoryJournal<FeedbackRecord>() };
  const knowledge = createKnowledge({ catalog, conversationState, clock: new FakeClock(new Date('2026-11-27T02:00:00Z')), journals, content });
  const root = new RootDialog(catalog, [...knowledge.interruptions, ...knowledge.routes], knowledge.dialogs);
  const client = new DialogTestClient(
    'test',
    root,
    undefined,
    [
      {
        onTurn: async (context, next) => {
          setTurnLocale(context, detectMessageLocale(context.activity.text) ?? locale);
          stampReplyMeta(context);
          await next();
        },
      },
    ],
    conversationState,
  );
  async function say(text: string, value?: unknown): Promise<Partial<Activity>[]> {
    const first = (await client.sendActivity({ type: 'message', text, locale, value })) as Partial<Activity> | undefined;
    const replies: Partial<Activity>[] = first ? [first] : [];
    for (let next = client.getNextReply() as Partial<Activity> | undefined; next; next = client.getNextReply() as Partial<Activity> | undefined) replies.push(next);
    return replies;
  }
  return { say, journals };
}

const metaOf = (reply: Partial<Activity> | undefined) => reply?.channelData as { kind?: string; topic?: string } | undefined;
const actionsOf = (reply: Partial<Activity> | undefined) => reply?.suggestedActions?.actions ?? [];

for (const locale of ['zh-CN', 'en-US'] as const) {
  describe(`"Did you mean…" (${locale})`, () => {
    it('offers the close entries and "none of these"', async () => {
      const { say } = conversation(locale);
      const [prompt] = await say(VAGUE[locale]);
      expect(metaOf(prompt)).to.include({ kind: 'clarify' });
      expect(prompt?.text).to.equal(catalog.t(locale, 'knowledge.clarify'));
      const titles = actionsOf(prompt).map((action) => action.title);
      expect(titles.slice(0, 2).sort()).to.deep.equal([question(locale, 'card-number'), question(locale, 'card-number-twin')].sort());
      expect(titles.at(-1)).to.equal(catalog.t(locale, 'knowledge.noneOfThese'));
    });

    it('answers the choice the user taps', async () => {
      const { say } = conversation(locale);
      const [prompt] = await say(VAGUE[locale]);
      const choice = actionsOf(prompt)[1]!;
      const replies = await say(String(choice.title), choice.value);
      expect(metaOf(replies[0])).to.deep.include({ kind: 'faq', topic: (choice.value as { entryId: string }).entryId });
    });

    it('answers a choice typed as its number', async () => {
      const { say } = conversation(locale);
      const [prompt] = await say(VAGUE[locale]);
      const first = (actionsOf(prompt)[0]!.value as { entryId: string }).entryId;
      const replies = await say('1');
      expect(metaOf(replies[0])).to.deep.include({ kind: 'faq', topic: first });
    });

    it('hands off on "none of these" and logs the original question', async () => {
      const { say, journals } = conversation(locale);
      await say(VAGUE[locale]);
      const replies = await say(catalog.t(locale, 'knowledge.noneOfThese'));
      expect(metaOf(replies[0])).to.deep.include({ kind: 'handoff', topic: 'none-of-these' });
      expect(replies[0]?.text).to.equal(catalog.t(locale, 'knowledge.handoff'));
      expect(journals.unanswered.records.map(({ topic, text }) => ({ topic, text }))).to.deep.equal([{ topic: 'none-of-these', text: VAGUE[locale] }]);
    });

    it('takes anything else as a new question', async () => {
      const { say, journals } = conversation(locale);
      await say(VAGUE[locale]);
      const replies = await say(PROVIDENT_FUND[locale]);
      expect(metaOf(replies[0])).to.deep.include({ kind: 'handoff', topic: 'provident-fund' });
      expect(journals.unanswered.records).to.have.length(1);
    });
  });

  describe(`a flow that is not registered (${locale})`, () => {
    it('answers the closest entry instead of failing', async () => {
      const { say } = conversation(locale);
      const replies = await say(FORGOT[locale]);
      expect(metaOf(replies[0])?.kind).to.equal('faq');
      expect(replies.at(-1)?.text).to.match(new RegExp(catalog.t(locale, 'knowledge.feedbackOnly').replace(/[?？]/g, '.')));
    });
  });
}
