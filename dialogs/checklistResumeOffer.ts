import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Catalog } from '../src/i18n/catalog.js';
import type { Locale } from '../src/locale.js';
import { CHECKLIST_ITEMS, type ChecklistStore } from '../src/reimbursement/checklistProgress.js';
import { startedOn } from './checklistView.js';
import { ReimbursementChecklistDialog } from './reimbursementChecklistDialog.js';

/** Tells a returning user, once per conversation, that a checklist they began earlier is waiting. */
export interface ResumeOffer {
  /** The offer to send, or undefined when the user has nothing unfinished. */
  offerFor(context: TurnContext, locale: Locale): Promise<Partial<Activity> | undefined>;
}

/** The offer for an unfinished reimbursement checklist, with "My checklist" as a suggested action. */
export function createChecklistResumeOffer(catalog: Catalog, checklist: ChecklistStore): ResumeOffer {
  return {
    async offerFor(context, locale) {
      const progress = await checklist.get(context);
      if (!progress || progress.isFinished) return undefined;
      const text = catalog.t(locale, 'reimbursement.returningOffer', {
        date: startedOn(progress, locale),
        have: progress.items.length,
        total: CHECKLIST_ITEMS.length,
      });
      const offer = MessageFactory.suggestedActions([catalog.t(locale, 'reimbursement.myChecklistLabel')], text);
      offer.channelData = { kind: 'dialog', topic: ReimbursementChecklistDialog.id };
      return offer;
    },
  };
}
