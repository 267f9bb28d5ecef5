import type { Catalog } from '../src/i18n/catalog.js';
import type { ChecklistStore } from '../src/reimbursement/checklistProgress.js';
import { statusText } from './checklistView.js';
import { sendMenu } from './menu.js';
import type { MessageRoute } from './messageRoute.js';
import { ReimbursementChecklistDialog, type ReimbursementChecklistOptions } from './reimbursementChecklistDialog.js';
import { withFlowMeta } from './stepPrompt.js';
import type { WalkthroughTerms } from './walkthroughTerms.js';

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
