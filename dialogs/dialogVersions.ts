/**
 * Bump when the dialog stack itself changes shape (the root dialog's own state, how flows nest):
 * every conversation parked in a flow then restarts with an apology instead of being misread.
 */
export const DIALOG_STATE_VERSION = 1;

/**
 * Each flow's version, by dialog id; a flow not listed is version 1. Bump a flow's number in the
 * release that adds, removes or reorders its steps or changes what a step keeps in its state: a
 * conversation saved mid-way through the old version then restarts cleanly (see
 * src/bot/dialogStateGuard.ts) instead of resuming on the wrong step.
 */
export const FLOW_VERSIONS: Readonly<Record<string, number>> = {
  'password-reset': 1,
  'registration-deadline': 1,
  'reimbursement-checklist': 1,
};
