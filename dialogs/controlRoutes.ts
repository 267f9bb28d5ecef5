import type { DialogContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import { setTurnLocale } from '../src/bot/turnLocale.js';
import type { LanguagePreference } from '../src/bot/profile.js';
import type { ReplyKind } from '../src/bot/replyMeta.js';
import { readLocaleFiles, type Catalog } from '../src/i18n/catalog.js';
import { SUPPORTED_LOCALES, type Locale } from '../src/locale.js';
import { foldedUnits, foldForMatching } from '../src/text/normalize.js';
import { alternativesOf } from '../src/text/regExp.js';
import { sendMenu } from './menu.js';
import type { IncomingMessage, MessageRoute } from './messageRoute.js';

/** The control intents, whose trigger phrases live in locales/<locale>/intents.json. */
export const CONTROL_INTENTS = [
  'help',
  'cancel',
  'startOver',
  'switchToChinese',
  'switchToEnglish',
  'human',
  'thanks',
  'goodbye',
  'acknowledge',
  'greeting',
  'whichTopic',
  'unsure',
  'helpful',
  'notHelpful',
] as const;
export type ControlIntent = (typeof CONTROL_INTENTS)[number];
/** A vote typed after an answer ("有用", "not really"): counted by the knowledge base's feedback route, which knows the answer. */
const VOTE_INTENTS = ['helpful', 'notHelpful'] as const satisfies readonly ControlIntent[];
type RoutedIntent = Exclude<ControlIntent, (typeof VOTE_INTENTS)[number]>;
const ROUTED_INTENTS = CONTROL_INTENTS.filter((intent): intent is RoutedIntent => !(VOTE_INTENTS as readonly string[]).includes(intent));

const IntentsFileSchema = z.object({
  ...(Object.fromEntries(CONTROL_INTENTS.map((intent) => [intent, z.array(z.string().min(1)).min(1)])) as Record<ControlIntent, z.ZodArray<z.ZodString>>),
  /**
   * Words said around a control phrase that change nothing ("啊", "哎呀", "actually", "pls", "anyway"): left out when the
   * rest of the message is control phrases ("stop pls", "哎呀算了 改天再说吧"), never an intent of their own.
   */
  fillers: z.array(z.string().min(1)).default([]),
  /**
   * Requests for a person that mean so wherever they stand in a message ("你这说不清楚 给我转人工吧", "can I talk to an
   * actual person please"): the request wins over a flow step that would take the rest as its answer.
   */
  humanAnywhere: z.array(z.string().min(1)).default([]),
});
type IntentsFile = z.infer<typeof IntentsFileSchema>;

/** What a phrase of intents.json is: an intent, or a filler word. */
type PhraseMeaning = ControlIntent | typeof FILLER;
const FILLER = 'filler';

/** Intents a flow's step reads first: "好的" or "社保卡" may be the answer to its question. */
const NOT_INTERRUPTIONS: ReadonlySet<ControlIntent> = new Set(['acknowledge', 'greeting', 'whichTopic', 'unsure', 'goodbye']);

const PHRASE_SEPARATOR = /[\p{P}\p{Z}\s]+/u;
const PHRASE_SEPARATORS = new RegExp(PHRASE_SEPARATOR.source, 'gu');
/** More phrases than this in one message is a sentence, not a string of "ok"s. */
const MAX_PHRASES_IN_A_ROW = 4;
/**
 * Messages longer than this (in UTF-16 units) are never read as a string of phrases. English closings run long ("All
 * right, that's all I needed. Goodbye now." is 43).
 */
const MAX_PHRASES_LENGTH = 64;
/** What phrases are made of: a Chinese character, or a run of other letters and digits (a word). */
const PHRASE_UNITS = /\p{Script=Han}|[^\p{Script=Han}\p{P}\p{S}\p{Z}\s]+/gu;

/** Recognises control intents by whole-message phrases, in any locale: "English" works from a Chinese conversation. */
export class ControlPhrases {
  readonly #byPhrase = new Map<string, PhraseMeaning>();
  readonly #asksForPerson: RegExp | undefined;
  /** The longest phrase in `PHRASE_UNITS` ("i don't want to do this anymore": 8). */
  readonly #longestPhrase: number;
  #last: { text: string; intent: ControlIntent | undefined } = { text: '', intent: undefined };

  constructor(phrasesByLocale: Record<Locale, IntentsFile>) {
    const lengths: number[] = [];
    for (const locale of SUPPORTED_LOCALES) {
      const meanings: [PhraseMeaning, readonly string[]][] = [...CONTROL_INTENTS.map((intent) => [intent, phrasesByLocale[locale][intent]] as [PhraseMeaning, string[]]), [FILLER, phrasesByLocale[locale].fillers]];
      for (const [meaning, phrases] of meanings) {
        for (const phrase of phrases) {
          // An intent's phrase keeps its intent when it is also listed as a filler.
          const key = ControlPhrases.#keyOf(phrase);
          if (meaning !== FILLER || !this.#byPhrase.has(key)) this.#byPhrase.set(key, meaning);
          lengths.push(phrase.match(PHRASE_UNITS)?.length ?? 0);
        }
      }
    }
    this.#longestPhrase = Math.max(1, ...lengths);
    const anywhere = SUPPORTED_LOCALES.flatMap((locale) => phrasesByLocale[locale].humanAnywhere.map((phrase) => ControlPhrases.#keyOf(phrase)));
    this.#asksForPerson = anywhere.length === 0 ? undefined : new RegExp(alternativesOf(anywhere), 'u');
  }

  static load(): ControlPhrases {
    return new ControlPhrases(readLocaleFiles('intents.json', IntentsFileSchema));
  }

  /** A vote typed after an answer in one's own words ("嗯，有帮助", "not really"): up, down, or none. */
  vote(text: string): 'up' | 'down' | undefined {
    const intent = this.recognise(text);
    return intent === 'helpful' ? 'up' : intent === 'notHelpful' ? 'down' : undefined;
  }

  recognise(text: string): ControlIntent | undefined {
    // Every control route asks about the same message: the last answer is kept.
    if (text !== this.#last.text) this.#last = { text, intent: this.#recognise(text) };
    return this.#last.intent;
  }

  #recognise(text: string): ControlIntent | undefined {
    const key = ControlPhrases.#keyOf(text);
    if (this.#asksForPerson?.test(key)) return 'human';
    const whole = this.#byPhrase.get(key);
    if (whole !== undefined || text.length > MAX_PHRASES_LENGTH) return whole === FILLER ? undefined : whole;
    // "哦哦 知道了", "ok, got it", "算了算了", "ok cancel that": a few phrases in a row, with or without spaces or
    // punctuation between them, and fillers around them ("stop pls").
    const phrases = this.#phrasesIn(text)?.filter((meaning): meaning is ControlIntent => meaning !== FILLER);
    if (phrases === undefined || phrases.length === 0 || phrases.length > MAX_PHRASES_IN_A_ROW) return undefined;
    return combined(new Set(phrases));
  }

  /**
   * Whether a vote typed after an answer also thanks ("thanks, that helps"): when there is no answer to count it for (a
   * handoff came last), it is thanks.
   */
  thanksBesideVote(text: string): boolean {
    if (text.length > MAX_PHRASES_LENGTH) return false;
    const phrases = this.#phrasesIn(text);
    return phrases !== undefined && phrases.includes('thanks') && phrases.some((meaning) => (VOTE_INTENTS as readonly PhraseMeaning[]).includes(meaning));
  }

  /**
   * The intents of the fewest phrases that make up the whole message, one after another (a Chinese character or a
   * Latin word at a time, so "ta" is never found inside "that"); undefined when some of it is no phrase.
   */
  #phrasesIn(text: string): PhraseMeaning[] | undefined {
    // A phrase's key is the fold of its units, run together.
    const units = foldedUnits(text, PHRASE_UNITS);
    // fewest[end]: the meanings of the fewest phrases that make up the first `end` units. Phrases are tried only from
    // where earlier ones end, so a question that opens with no phrase ("社保卡可以在外地用吗") costs a few lookups.
    const fewest: (PhraseMeaning[] | undefined)[] = [[]];
    for (let start = 0; start < units.length; start += 1) {
      const before = fewest[start];
      if (before === undefined) continue;
      let key = '';
      for (let end = start + 1; end <= Math.min(units.length, start + this.#longestPhrase); end += 1) {
        key += units[end - 1] ?? '';
        const meaning = this.#byPhrase.get(key);
        const known = fewest[end];
        if (meaning !== undefined && (known === undefined || before.length + 1 < known.length)) fewest[end] = [...before, meaning];
      }
    }
    return fewest[units.length];
  }

  /**
   * What follows a leading "never mind" / "算了" and a separator ("算了，我想问下异地就医"), when the message goes on
   * to say something else; undefined when it does not open with one. The whole message as a cancel is `recognise`'s.
   */
  restAfterCancel(text: string): string | undefined {
    for (const separator of text.matchAll(PHRASE_SEPARATORS)) {
      const opener = text.slice(0, separator.index);
      if (opener.length > MAX_PHRASES_LENGTH) return undefined;
      const rest = text.slice(separator.index + separator[0].length).trim();
      if (rest !== '' && opener !== '' && this.#recognise(opener) === 'cancel') return rest;
    }
    return undefined;
  }

  /**
   * The folded phrase; a phrase made only of punctuation ("?") keeps its own characters, or it would
   * fold to nothing and claim every emoji-only message.
   */
  static #keyOf(text: string): string {
    return foldForMatching(text) || text.normalize('NFKC').trim();
  }
}

/**
 * The one intent of phrases said together: an "ok" or "好的" beside other phrases is theirs ("ok cancel that"); thanks
 * and goodbye together close the chat ("行 就这样吧 谢了"); a cancel with either, or with a vote, drops the flow ("forget
 * it, thx anyway", "useless. forget it"). Any other mix ("菜单 取消") is none.
 */
function combined(intents: Set<ControlIntent>): ControlIntent | undefined {
  if (intents.size > 1) intents.delete('acknowledge');
  // "有用，谢谢啦": a vote with thanks is the vote (its reply thanks the citizen).
  if (intents.size > 1 && (intents.has('helpful') || intents.has('notHelpful'))) intents.delete('thanks');
  if (intents.size > 1 && intents.has('goodbye')) intents.delete('thanks');
  // "Useless. Forget it.": a cancel with a vote drops the flow too; there may be no answer to vote on.
  if (intents.size > 1 && intents.has('cancel')) {
    intents.delete('thanks');
    intents.delete('goodbye');
    intents.delete('helpful');
    intents.delete('notHelpful');
  }
  return intents.size === 1 ? [...intents][0] : undefined;
}

export interface ControlRouteDeps {
  catalog: Catalog;
  phrases: ControlPhrases;
  language: LanguagePreference;
}

type ControlHandler = (dc: DialogContext, message: IncomingMessage) => Promise<void>;

/** Tells the user a flow is still open, and asks its question again. */
async function resumeFlow(dc: DialogContext, catalog: Catalog, locale: Locale): Promise<void> {
  if (!dc.activeDialog) return;
  await dc.context.sendActivity(catalog.t(locale, 'core.stillInFlow'));
  await dc.repromptDialog();
}

/** The interruption routes: each works at any step, in either language. */
export function createControlRoutes({ catalog, phrases, language }: ControlRouteDeps): MessageRoute[] {
  const handlers: Record<RoutedIntent, { kind: ReplyKind; handle: ControlHandler }> = {
    help: {
      kind: 'control',
      async handle(dc, { locale }) {
        await sendMenu(dc.context, catalog, locale, 'core.help');
        await resumeFlow(dc, catalog, locale);
      },
    },
    cancel: {
      kind: 'control',
      async handle(dc, { locale }) {
        const hadFlow = dc.activeDialog !== undefined;
        await dc.cancelAllDialogs();
        await sendMenu(dc.context, catalog, locale, hadFlow ? 'core.cancelled' : 'core.nothingToCancel');
      },
    },
    startOver: {
      kind: 'control',
      async handle(dc, { locale }) {
        await dc.cancelAllDialogs();
        await sendMenu(dc.context, catalog, locale, 'core.startOver');
      },
    },
    switchToChinese: { kind: 'control', handle: (dc) => switchTo(dc, 'zh-CN') },
    switchToEnglish: { kind: 'control', handle: (dc) => switchTo(dc, 'en-US') },
    human: {
      kind: 'handoff',
      async handle(dc, { locale }) {
        await dc.context.sendActivity(catalog.t(locale, 'core.humanHandoff'));
        await resumeFlow(dc, catalog, locale);
      },
    },
    // "好的", "ok" after an answer: not "sorry, I can't help with that" either. Inside a flow a step reads it first.
    acknowledge: {
      kind: 'control',
      async handle(dc, { locale }) {
        await dc.context.sendActivity(catalog.t(locale, 'core.anythingElse'));
      },
    },
    // "你好", "hi": the welcome and the menu, as when a conversation opens. Inside a flow a step reads it first.
    greeting: {
      kind: 'control',
      async handle(dc, { locale }) {
        await sendMenu(dc.context, catalog, locale, 'core.welcome');
      },
    },
    // "社保卡", "I have a question": names the card or asks to ask, and nothing more. Guessing an entry from it
    // gave a confident wrong answer; the menu of what can be asked is the honest reply.
    whichTopic: {
      kind: 'clarify',
      async handle(dc, { locale }) {
        await sendMenu(dc.context, catalog, locale, 'core.whichTopic');
      },
    },
    // "不知道", "not sure" on their own: no question to answer (the knowledge base matched "不知道" to "社保那边知道不").
    // Inside a flow a step reads it first, and asks again when it cannot use it.
    unsure: {
      kind: 'clarify',
      async handle(dc, { locale }) {
        await sendMenu(dc.context, catalog, locale, 'core.unsure');
      },
    },
    // "谢谢" gets a "you're welcome", not "sorry, I can't help with that".
    thanks: {
      kind: 'control',
      async handle(dc, { locale }) {
        await dc.context.sendActivity(catalog.t(locale, 'core.youreWelcome'));
        await resumeFlow(dc, catalog, locale);
      },
    },
    // "再见", "bye": a flow left open stays saved, so the citizen can come back to it; nothing is asked again.
    goodbye: {
      kind: 'control',
      async handle(dc, { locale }) {
        await dc.context.sendActivity(catalog.t(locale, 'core.goodbye'));
      },
    },
  };

  async function switchTo(dc: DialogContext, locale: Locale): Promise<void> {
    await language.set(dc.context, locale);
    setTurnLocale(dc.context, locale);
    await sendMenu(dc.context, catalog, locale, 'core.languageSwitched');
    await resumeFlow(dc, catalog, locale);
  }

  return ROUTED_INTENTS.map((intent) => ({
    id: `control:${intent}`,
    isInterruption: !NOT_INTERRUPTIONS.has(intent),
    match(message) {
      const recognised = phrases.recognise(message.text);
      // A vote with thanks that no answer took as a vote (the feedback route is asked first) is thanks.
      const isThanks = intent === 'thanks' && (VOTE_INTENTS as readonly (ControlIntent | undefined)[]).includes(recognised) && phrases.thanksBesideVote(message.text);
      if (recognised !== intent && !isThanks) return undefined;
      const topic = intent === 'human' ? 'human-agent' : intent;
      return { kind: handlers[intent].kind, topic, confidence: 1, ...(intent === 'goodbye' ? { isClosing: true } : {}) };
    },
    handle: (dc, _match, message) => handlers[intent].handle(dc, message),
  }));
}
