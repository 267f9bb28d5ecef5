import type { BotState } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import type { Clock } from '../src/clock.js';
import type { Catalog } from '../src/i18n/catalog.js';
import { checklistStoreFrom, type ChecklistStore } from '../src/reimbursement/checklistProgress.js';
import type { MessageRoute } from './messageRoute.js';
import { createChecklistUpdateRoute, createMyChecklistRoute } from './myChecklistRoute.js';
import { createPasswordCorrectionRoute, createPasswordReadyRoute, PasswordResetDialog } from './passwordResetDialog.js';
import { RegistrationDeadlineDialog } from './registrationDeadlineDialog.js';
import { ReimbursementChecklistDialog } from './reimbursementChecklistDialog.js';
import type { FlowAsides, FlowTopics } from './walkthroughDialog.js';
import { loadWalkthroughTerms, type WalkthroughTerms } from './walkthroughTerms.js';

export interface WalkthroughsDeps {
  catalog: Catalog;
  clock: Clock;
  /** Where the reimbursement checklist is kept, so it outlives the conversation. */
  userState: BotState;
  /** Term lists to use instead of locales/<locale>/walkthroughTerms.json (tests). */
  terms?: WalkthroughTerms;
  /** Tells a question about something else from one about the flow (the knowledge index); absent, steps keep them. */
  asides?: FlowAsides;
  /** Keeps what a finished flow was about (the knowledge answerer). */
  topics?: FlowTopics;
}

/** The guided flows, for `new RootDialog(catalog, routes, flows)`, and the routes they bring. */
export interface Walkthroughs {
  flows: Dialog[];
  /** "My checklist" / "我的清单", an interruption that works at any time. */
  routes: MessageRoute[];
  checklist: ChecklistStore;
}

/** Builds the three walk-throughs (password reset, reimbursement checklist, registration deadline). */
export function createWalkthroughs({ catalog, clock, userState, terms = loadWalkthroughTerms(), asides, topics }: WalkthroughsDeps): Walkthroughs {
  const checklist = checklistStoreFrom(userState.createProperty('reimbursementChecklist'));
  const deps = { catalog, clock, terms, ...(asides ? { asides } : {}), ...(topics ? { topics } : {}) };
  return {
    flows: [new PasswordResetDialog(deps), new ReimbursementChecklistDialog({ ...deps, checklist }), new RegistrationDeadlineDialog(deps)],
    routes: [
      createMyChecklistRoute({ catalog, checklist, terms }),
      createChecklistUpdateRoute({ checklist, terms }),
      ...(topics ? [createPasswordCorrectionRoute({ terms, topics })] : []),
      ...(topics && asides ? [createPasswordReadyRoute({ asides, topics })] : []),
    ],
    checklist,
  };
}
