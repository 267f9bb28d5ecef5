import { ActivityHandler, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { sendMenu } from '../../dialogs/menu.js';
import type { Catalog } from '../i18n/catalog.js';
import { chooseLocale, type Locale } from '../locale.js';
import { ConversationInfoSchema, readVersioned, type ConversationInfo, type LanguagePreference } from './profile.js';
import { setReplyMeta, stampReplyMeta } from './replyMeta.js';
import { setTurnLocale } from './turnLocale.js';

export interface BotDeps {
  conversationState: BotState;
  userState: BotState;
  rootDialog: Dialog;
  catalog: Catalog;
  language: LanguagePreference;
  defaultLocale: Locale;
}

/** Chooses the turn's language, greets new members, runs the root dialog, and saves state after a successful turn. */
export class SocialSecurityBot extends ActivityHandler {
  readonly #deps: BotDeps;
  readonly #dialogState: StatePropertyAccessor<DialogState>;
  readonly #conversationInfo: StatePropertyAccessor<unknown>;
  readonly #dialogs: DialogSet;

  constructor(deps: BotDeps) {
    super();
    this.#deps = deps;
    this.#dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.#conversationInfo = deps.conversationState.createProperty('conversation');
    this.#dialogs = new DialogSet(this.#dialogState).add(deps.rootDialog);

    this.onMembersAdded(async (context, next) => {
      const newcomers = (context.activity.membersAdded ?? []).filter((member) => member.id !== context.activity.recipient?.id);
      if (newcomers.length > 0) {
        setReplyMeta(context, { kind: 'control', topic: 'greeting' });
        await sendMenu(context, deps.catalog, await this.#localeFor(context), 'core.welcome');
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const locale = await this.#localeFor(context);
      const info = await readVersioned<ConversationInfo>(this.#conversationInfo, context, ConversationInfoSchema, () => ({ version: 1 as const }));
      await this.#conversationInfo.set(context, { ...info, locale });
      const dialogContext = await this.#dialogs.createContext(context);
      const result = await dialogContext.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(deps.rootDialog.id);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    stampReplyMeta(context);
    await super.run(context);
    // Saved only when the turn succeeded: a failed turn leaves no half-written state behind.
    await Promise.all([this.#deps.conversationState.saveChanges(context, false), this.#deps.userState.saveChanges(context, false)]);
  }

  /** The locale chain, decided once per turn and recorded for every dialog to read. */
  async #localeFor(context: TurnContext): Promise<Locale> {
    const info = ConversationInfoSchema.safeParse(await this.#conversationInfo.get(context));
    const locale = chooseLocale({
      saved: await this.#deps.language.get(context),
      text: context.activity.type === 'message' ? context.activity.text : undefined,
      conversation: info.success ? info.data.locale : undefined,
      activityLocale: context.activity.locale,
      defaultLocale: this.#deps.defaultLocale,
    });
    setTurnLocale(context, locale);
    return locale;
  }
}
