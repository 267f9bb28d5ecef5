import { expect } from 'chai';
import {
  AutoSaveStateMiddleware,
  ConversationState,
  MemoryStorage,
  UserState,
  type Activity,
  type Middleware,
} from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { createControlRoutes, ControlPhrases } from '../../dialogs/controlRoutes.js';
import type { MessageRoute } from '../../dialogs/messageRoute.js';
import { RootDialog } from '../../dialogs/rootDialog.js';
import { createWalkthroughs, type Walkthroughs } from '../../dialogs/walkthroughs.js';
import { languagePreferenceFrom } from '../../src/bot/profile.js';
import { stampReplyMeta } from '../../src/bot/replyMeta.js';
import { setTurnLocale } from '../../src/bot/turnLocale.js';
import { FakeClock } from '../../src/clock.js';
import { loadCatalog, type Catalog, type Params } from '../../src/i18n/catalog.js';
import { chooseLocale, type Locale } from '../../src/locale.js';
import { foldForMatching } from '../../src/text/normalize.js';

export const catalog: Catalog = loadCatalog();
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

/** Friday 20 March 2026, 12:00 in Shanghai: the "today" every transcript is written against. */
export const TODAY = new Date('2026-03-20T04:00:00Z');

/** Messages that begin a flow, standing in for the knowledge-base route (issue 3) that does this in the app. */
export const FLOW_REQUESTS: Record<string, string> = {
  // Codes without words, so they do not decide the turn's language as a sentence would.
  '>>pw': 'password-reset',
  '>>rc': 'reimbursement-checklist',
  '>>rd': 'registration-deadline',
  我想重置查询密码: 'password-reset',
  'I forgot my query password': 'password-reset',
  我们公司3月3日成立什么时候前要办社保登记: 'registration-deadline',
  'our company was set up on March 3, when is our registration deadline': 'registration-deadline',
  '帮我算一下社保登记的截止日期 5月31日': 'registration-deadline',
  'work out our registration deadline, the date is May 31': 'registration-deadline',
  '我的密码是 246810 忘了怎么改': 'password-reset',
  '帮我弄一下卡密码 锁住了': 'password-reset',
  'help me with my card password, it is locked': 'password-reset',
};

/** What the stand-in knowledge base answers with confidence: a real question, and words a step also accepts. */
export const KB_QUESTIONS: Record<string, string> = {
  社保卡能在外地用吗: 'card-cross-region',
  'can I use my card in another city': 'card-cross-region',
  身份证: 'card-number',
  'ID card': 'card-number',
  是: 'password-kinds',
  yes: 'password-kinds',
  服务密码: 'password-account',
  'service password': 'password-account',
  '我的密码是 135790': 'password-kinds',
  'my password is 135790': 'password-kinds',
};

/** The stand-in knowledge base's reply (test data, not a user-visible string of the bot). */
export const kbReply = (topic: string) => `[kb answer: ${topic}]`;

function byFoldedText(table: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(table).map(([text, value]) => [foldForMatching(text), value]));
}

function testRoutes(): MessageRoute[] {
  const requests = byFoldedText(FLOW_REQUESTS);
  const questions = byFoldedText(KB_QUESTIONS);
  return [
    {
      id: 'test:flow-request',
      isInterruption: false,
      match: ({ text }) => {
        const flowId = requests.get(foldForMatching(text));
        return flowId ? { kind: 'dialog', topic: flowId, confidence: 0.9, payload: flowId } : undefined;
      },
      handle: async (dc, match) => {
        await dc.beginDialog(match.payload as string);
      },
    },
    {
      id: 'test:knowledge-base',
      isInterruption: false,
      match: ({ text }) => {
        const topic = questions.get(foldForMatching(text));
        return topic ? { kind: 'faq', topic, confidence: 0.8 } : undefined;
      },
      handle: async (dc, match) => {
        await dc.context.sendActivity(kbReply(match.topic));
      },
    },
  ];
}

/** One user's world: storage, clock and bot, shared by every conversation the user opens. */
export class WalkthroughWorld {
  readonly memory: Record<string, string> = {};
  readonly storage = new MemoryStorage(this.memory);
  readonly conversationState = new ConversationState(this.storage);
  readonly userState = new UserState(this.storage);
  readonly clock = new FakeClock(TODAY);
  readonly walkthroughs: Walkthroughs;
  readonly root: RootDialog;
  readonly #language = languagePreferenceFrom(this.userState.createProperty('profile'));

  constructor() {
    this.walkthroughs = createWalkthroughs({ catalog, clock: this.clock, userState: this.userState });
    const phrases = ControlPhrases.load();
    const routes = [...createControlRoutes({ catalog, phrases, language: this.#language }), ...this.walkthroughs.routes, ...testRoutes()];
    this.root = new RootDialog(catalog, routes, this.walkthroughs.flows, (text) => phrases.restAfterCancel(text));
  }

  /** Opens a conversation of `userId` on `channelId`, whose client says it speaks `locale`. */
  conversation(locale: Locale, options: { channelId?: string; conversationId?: string; userId?: string } = {}): Conversation {
    return new Conversation(this, locale, options.channelId ?? 'test', options.conversationId ?? 'conversation-1', options.userId ?? 'user-1');
  }

  /** What user state holds for the user of `conversation`, read from the storage itself. */
  savedUserState(conversation: Conversation): Record<string, unknown> {
    const raw = this.memory[`${conversation.channelId}/users/${conversation.userId}/`];
    return raw === undefined ? {} : (JSON.parse(raw) as Record<string, unknown>);
  }

  /** Middleware doing what SocialSecurityBot does before the root dialog: pick the turn's language, stamp reply metadata. */
  turnMiddleware(clientLocale: Locale, lastLocale: { value?: Locale }): Middleware {
    return {
      onTurn: async (context, next) => {
        const locale = chooseLocale({
          saved: await this.#language.get(context),
          text: context.activity.text,
          conversation: lastLocale.value,
          activityLocale: clientLocale,
          defaultLocale: 'zh-CN',
        });
        lastLocale.value = locale;
        setTurnLocale(context, locale);
        stampReplyMeta(context);
        await next();
      },
    };
  }
}

/** A conversation driven through DialogTestClient; `say` returns every reply of the turn. */
export class Conversation {
  readonly client: DialogTestClient;

  constructor(
    private readonly world: WalkthroughWorld,
    readonly locale: Locale,
    readonly channelId: string,
    readonly conversationId: string,
    readonly userId: string,
  ) {
    const lastLocale: { value?: Locale } = {};
    this.client = new DialogTestClient(
      channelId,
      world.root,
      undefined,
      [world.turnMiddleware(locale, lastLocale), new AutoSaveStateMiddleware(world.userState)],
      world.conversationState,
    );
  }

  async say(text: string): Promise<Partial<Activity>[]> {
    const first = (await this.client.sendActivity({
      type: 'message',
      text,
      locale: this.locale,
      channelId: this.channelId,
      from: { id: this.userId, name: 'citizen' },
      conversation: { id: this.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    })) as Partial<Activity> | undefined;
    const replies: Partial<Activity>[] = first ? [first] : [];
    for (let next = this.client.getNextReply() as Partial<Activity> | undefined; next; next = this.client.getNextReply() as Partial<Activity> | undefined) {
      replies.push(next);
    }
    return replies;
  }
}

/** What one reply must be: it contains the text of each key (filled with params), and carries this metadata. */
export interface ReplyExpectation {
  keys?: (string | [string, Params])[];
  kind?: string;
  topic?: string;
  /** Texts of keys the reply must not contain. */
  excludes?: (string | [string, Params])[];
  /** Exact substrings (used for the stand-in knowledge base's reply). */
  includes?: string[];
  /** The reply is an Adaptive Card. */
  isCard?: boolean;
  /** Labels its suggested actions must include. */
  actionKeys?: string[];
}

export function textOf(key: string | [string, Params], locale: Locale): string {
  return typeof key === 'string' ? catalog.t(locale, key) : catalog.t(locale, key[0], key[1]);
}

/** Checks a turn's replies one by one against expectations, reporting the turn and reply that differ. */
export function expectReplies(replies: Partial<Activity>[], expected: ReplyExpectation[], locale: Locale, where: string): void {
  const texts = replies.map((reply) => reply.text ?? `<${reply.attachments?.[0]?.contentType ?? 'no text'}>`);
  expect(replies, `${where}: got ${JSON.stringify(texts)}`).to.have.length(expected.length);
  expected.forEach((expectation, index) => {
    const reply = replies[index] ?? {};
    const at = `${where}, reply ${index + 1} (${JSON.stringify(reply.text ?? '')})`;
    for (const key of expectation.keys ?? []) expect(reply.text ?? '', at).to.include(textOf(key, locale));
    for (const fragment of expectation.includes ?? []) expect(reply.text ?? '', at).to.include(fragment);
    for (const key of expectation.excludes ?? []) expect(reply.text ?? '', at).not.to.include(textOf(key, locale));
    const channelData = (reply.channelData ?? {}) as { kind?: string; topic?: string };
    if (expectation.kind !== undefined) expect(channelData.kind, `${at}: kind`).to.equal(expectation.kind);
    if (expectation.topic !== undefined) expect(channelData.topic, `${at}: topic`).to.equal(expectation.topic);
    if (expectation.isCard !== undefined) {
      const isCard = reply.attachments?.[0]?.contentType === 'application/vnd.microsoft.card.adaptive';
      expect(isCard, `${at}: is an Adaptive Card`).to.equal(expectation.isCard);
    }
    const actions = (reply.suggestedActions?.actions ?? []).map((action) => String(action.value));
    for (const key of expectation.actionKeys ?? []) expect(actions, `${at}: suggested actions`).to.include(textOf(key, locale));
  });
}

/** A user message per locale, for transcripts run once in each language. */
export type Said = string | Record<Locale, string>;

export interface TranscriptTurn {
  user: Said;
  bot: ReplyExpectation[];
  /** The language the replies must be in, when not the conversation's (after "English" / "中文"). */
  replyLocale?: Locale;
}

export function said(text: Said, locale: Locale): string {
  return typeof text === 'string' ? text : text[locale];
}

/** Plays a transcript in one conversation, checking every reply. */
export async function play(conversation: Conversation, turns: readonly TranscriptTurn[], name: string): Promise<void> {
  for (const [index, turn] of turns.entries()) {
    const text = said(turn.user, conversation.locale);
    const replies = await conversation.say(text);
    expectReplies(replies, turn.bot, turn.replyLocale ?? conversation.locale, `${name} [${conversation.locale}] turn ${index + 1} ("${text}")`);
  }
}
