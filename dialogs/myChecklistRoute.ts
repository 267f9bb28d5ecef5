import type { Catalog } from '../src/i18n/catalog.js';
import type { ChecklistStore } from '../src/reimbursement/checklistProgress.js';
import { readChecklistAnswer, saysWhatIsHad, type ChecklistUpdate } from './checklistAnswer.js';
import { statusText } from './checklistView.js';
import { sendMenu } from './menu.js';
import type { MessageRoute } from './messageRoute.js';
import { ReimbursementChecklistDialog, type ReimbursementChecklistOptions } from './reimbursementChecklistDialog.js';
import { withFlowMeta } from './stepPrompt.js';
import { asksInWords, type WalkthroughTerms } from './walkthroughTerms.js';

export interface MyChecklistRouteDeps {
  catalog: Catalog;
  checklist: ChecklistStore;
  terms: WalkthroughTerms;
}

/**
 * "My checklist" / "我的清单", at any time: an interruption, so it also works in the middle of a flow
 * (the flow then asks its question again). With no flow running, the checklist flow takes over and
 * offers to continue the saved list, or shows the summary of a finished one.
 */
export function createMyChecklistRoute({ catalog, checklist, terms }: MyChecklistRouteDeps): MessageRoute {
  const topic = ReimbursementChecklistDialog.id;
  return {
    id: 'walkthrough:my-checklist',
    isInterruption: true,
    match(message) {
      return terms.myChecklist.wholeMessage(message.text) === undefined ? undefined : { kind: 'dialog', topic, confidence: 1 };
    },
    async handle(dc, _match, { locale }) {
      const progress = await checklist.get(dc.context);
      if (!progress) {
        await sendMenu(dc.context, catalog, locale, 'reimbursement.noSaved');
        if (dc.activeDialog) await dc.repromptDialog();
        return;
      }
      if (dc.activeDialog) {
        const text = `${catalog.t(locale, 'reimbursement.savedHeading')}\n\n${statusText(catalog, locale, progress)}`;
        await dc.context.sendActivity(withFlowMeta({ type: 'message', text }, topic));
        await dc.repromptDialog();
        return;
      }
      await dc.beginDialog(topic, { origin: 'my-checklist' } satisfies ReimbursementChecklistOptions);
    },
  };
}

/**
 * Papers found or lost, told with no flow running while the citizen has an open list ("银行卡和病历本找到了",
 * "found the bank card"): they go onto that list, which then goes on. A question ("身份证要带吗") is left to the
 * knowledge base, and so is any message from a citizen with no open list.
 */
export function createChecklistUpdateRoute({ checklist, terms }: Omit<MyChecklistRouteDeps, 'catalog'>): MessageRoute {
  const topic = ReimbursementChecklistDialog.id;
  return {
    id: 'walkthrough:checklist-update',
    isInterruption: false,
    async match(message, dc) {
      if (dc.activeDialog || asksInWords(terms, message.text) || !saysWhatIsHad(terms, message.text)) return undefined;
      const answer = readChecklistAnswer(terms, message.text);
      if (!answer.isValid || answer.value.isDone || answer.value.have.length + answer.value.missing.length === 0) return undefined;
      const progress = await checklist.get(dc.context);
      if (!progress || progress.isFinished) return undefined;
      return { kind: 'dialog', topic, confidence: 1, payload: answer.value };
    },
    async handle(dc, match) {
      await dc.beginDialog(topic, { origin: 'update', update: match.payload as ChecklistUpdate } satisfies ReimbursementChecklistOptions);
    },
  };
}
