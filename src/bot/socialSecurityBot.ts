import { ActivityHandler, MessageFactory, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import type { ResumeOffer } from '../../dialogs/checklistResumeOffer.js';
import { sendMenu } from '../../dialogs/menu.js';
import type { Catalog } from '../i18n/catalog.js';
import { chooseLocale, type Locale } from '../locale.js';
import type { Logger } from '../logger.js';
import { DialogStateConfigurationCache } from './dialogStateConfiguration.js';
import { DialogStateGuard, type DialogVersions } from './dialogStateGuard.js';
import { ConversationInfoSchema, readVersioned, type ConversationInfo, type LanguagePreference } from './profile.js';
import { getReplyMeta, setReplyMeta, stampReplyMeta } from './replyMeta.js';
import { setTurnLocale } from './turnLocale.js';
import { runTurnTransaction } from './turnTransaction.js';

export interface BotDeps {
  conversationState: BotState;
  userState: BotState;
  rootDialog: Dialog;
  catalog: Catalog;
  language: LanguagePreference;
  defaultLocale: Locale;
  /** Logs turns re-run after a state conflict. */
  logger?: Logger;
  /** The dialog versions this release runs (tests pretend to be another release). */
  dialogVersions?: DialogVersions;
  /** Unfinished work from an earlier conversation, offered once per conversation. */
  resumeOffer?: ResumeOffer;
}

/** Chooses the turn's language, greets new members, runs the root dialog, and saves state after a successful turn. */
export class SocialSecurityBot extends ActivityHandler {
  readonly #deps: BotDeps;
  readonly #dialogState: StatePropertyAccessor<DialogState>;
  readonly #conversationInfo: StatePropertyAccessor<unknown>;
  readonly #dialogs: DialogSet;
  readonly #stateGuard: DialogStateGuard;
  readonly #dialogMemory = new DialogStateConfigurationCache();

  constructor(deps: BotDeps) {
    super();
    this.#deps = deps;
    this.#dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.#conversationInfo = deps.conversationState.createProperty('conversation');
    this.#dialogs = new DialogSet(this.#dialogState).add(deps.rootDialog);
    this.#stateGuard = new DialogStateGuard({
      dialogState: this.#dialogState,
      stamp: deps.conversationState.createProperty('dialogVersions'),
      rootDialog: deps.rootDialog,
      ...(deps.dialogVersions ? { versions: deps.dialogVersions } : {}),
    });

    this.onMembersAdded(async (context, next) => {
      const newcomers = (context.activity.membersAdded ?? []).filter((member) => member.id !== context.activity.recipient?.id);
      if (newcomers.length > 0) {
        setReplyMeta(context, { kind: 'control', topic: 'greeting' });
        const locale = await this.#localeFor(context);
        await sendMenu(context, deps.catalog, locale, 'core.welcome');
        await this.#offerResumeOnce(context, locale);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const locale = await this.#localeFor(context);
      const info = await readVersioned<ConversationInfo>(this.#conversationInfo, context, ConversationInfoSchema, () => ({ version: 1 as const }));
      await this.#conversationInfo.set(context, { ...info, locale });
      if (await this.#stateGuard.dropOutdatedFlow(context)) {
        const apology = MessageFactory.text(deps.catalog.t(locale, 'state.flowRestarted'));
        apology.channelData = { kind: 'control', topic: 'flow-restarted' };
        await context.sendActivity(apology);
      }
      this.#dialogMemory.apply(context);
      const dialogContext = await this.#dialogs.createContext(context);
      this.#dialogMemory.remember(context);
      const result = await dialogContext.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dialogContext.beginDialog(deps.rootDialog.id);
      await this.#offerResumeOnce(context, locale);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    stampReplyMeta(context);
    // Saved only when the turn succeeded, conditional on the eTags it read; replies go out once the save
    // has succeeded, and a turn that lost a race re-runs on fresh state (see turnTransaction.ts).
    await runTurnTransaction(context, () => super.run(context), {
      states: [this.#deps.conversationState, this.#deps.userState],
      ...(this.#deps.logger ? { logger: this.#deps.logger } : {}),
    });
  }

  /**
   * A citizen back in a new conversation is told, once, about a checklist left unfinished, on the
   * greeting or after the answer to their first message (channels differ in whether they greet).
   * Not when this turn is already about the checklist.
   */
  async #offerResumeOnce(context: TurnContext, locale: Locale): Promise<void> {
    const offer = this.#deps.resumeOffer;
    if (!offer) return;
    const info = await readVersioned<ConversationInfo>(this.#conversationInfo, context, ConversationInfoSchema, () => ({ version: 1 as const }));
    if (info.hasOfferedResume) return;
    await this.#conversationInfo.set(context, { ...info, hasOfferedResume: true });
    if (getReplyMeta(context)?.topic === 'reimbursement-checklist') return;
    const activity = await offer.offerFor(context, locale);
    if (activity) await context.sendActivity(activity);
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
