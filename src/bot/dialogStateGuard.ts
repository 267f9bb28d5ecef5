import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Dialog, DialogInstance, DialogState } from 'botbuilder-dialogs';
import { z } from 'zod';
import { DIALOG_STATE_VERSION, FLOW_VERSIONS } from '../../dialogs/dialogVersions.js';

/** Which versions wrote a conversation's dialog stack; kept beside it in conversation state. */
const DialogStampSchema = z.object({
  version: z.number(),
  flows: z.record(z.string(), z.number()),
});
type DialogStamp = z.infer<typeof DialogStampSchema>;

export interface DialogVersions {
  /** The version of the stack's shape as a whole. */
  version: number;
  /** Each flow's version by dialog id; unlisted dialogs are version 1. */
  flows: Readonly<Record<string, number>>;
}

/** This release's versions, from dialogs/dialogVersions.ts. */
export const CURRENT_DIALOG_VERSIONS: DialogVersions = { version: DIALOG_STATE_VERSION, flows: FLOW_VERSIONS };

/** ComponentDialog keeps its inner stack under this key of its instance state. */
const INNER_STATE = 'dialogs';

/** Minimal view of a dialog that contains others (ComponentDialog). */
interface Container {
  findDialog(id: string): Dialog | undefined;
}

function isContainer(dialog: Dialog): dialog is Dialog & Container {
  return typeof (dialog as Partial<Container>).findDialog === 'function';
}

export interface DialogStateGuardDeps {
  dialogState: StatePropertyAccessor<DialogState>;
  /** Where the stamp is kept in conversation state. */
  stamp: StatePropertyAccessor<unknown>;
  /** The only dialog of the bot's DialogSet. */
  rootDialog: Dialog;
  versions?: DialogVersions;
}

/**
 * Stored dialog state carries the versions that wrote it. A stack saved by another version of a
 * flow on it, or naming a dialog that no longer exists, is dropped before the dialogs see it, so
 * an old conversation restarts cleanly instead of crashing or resuming on the wrong step. Only
 * the dialog stack goes: the rest of conversation state and all user state stay.
 */
export class DialogStateGuard {
  readonly #deps: DialogStateGuardDeps;
  readonly #versions: DialogVersions;

  constructor(deps: DialogStateGuardDeps) {
    this.#deps = deps;
    this.#versions = deps.versions ?? CURRENT_DIALOG_VERSIONS;
  }

  /**
   * Checks the saved stack against this release and stamps it with the current versions.
   * Returns true when a flow the user was in had to be dropped (the caller apologises).
   */
  async dropOutdatedFlow(context: TurnContext): Promise<boolean> {
    const saved = await this.#deps.dialogState.get(context);
    const stack = saved?.dialogStack ?? [];
    const stamp = DialogStampSchema.safeParse(await this.#deps.stamp.get(context));
    const current = this.#currentStamp();
    let wasDropped = false;
    if (stack.length > 0 && !this.#isCurrent(stack, stamp.success ? stamp.data : undefined)) {
      wasDropped = hasFlow(stack);
      await this.#deps.dialogState.set(context, { dialogStack: [] });
    }
    // Unchanged stamps are not rewritten: the state's snapshot stays equal and nothing is saved.
    await this.#deps.stamp.set(context, current);
    return wasDropped;
  }

  #currentStamp(): DialogStamp {
    return { version: this.#versions.version, flows: { ...this.#versions.flows } };
  }

  #isCurrent(stack: readonly DialogInstance[], stamp: DialogStamp | undefined): boolean {
    if (!stamp || stamp.version !== this.#versions.version) return false;
    const versionOf = (flows: Readonly<Record<string, number>>, id: string): number => flows[id] ?? 1;
    const walk = (instances: readonly DialogInstance[], parent: Container | undefined): boolean =>
      instances.every((instance) => {
        const dialog = parent ? parent.findDialog(instance.id) : instance.id === this.#deps.rootDialog.id ? this.#deps.rootDialog : undefined;
        if (!dialog) return false;
        if (versionOf(stamp.flows, instance.id) !== versionOf(this.#versions.flows, instance.id)) return false;
        const inner = innerStack(instance);
        return inner.length === 0 || (isContainer(dialog) && walk(inner, dialog));
      });
    return walk(stack, undefined);
  }
}

function innerStack(instance: DialogInstance): DialogInstance[] {
  const state = instance.state as Record<string, unknown> | undefined;
  const inner = state?.[INNER_STATE] as { dialogStack?: unknown } | undefined;
  return Array.isArray(inner?.dialogStack) ? (inner.dialogStack as DialogInstance[]) : [];
}

/** Whether anything runs below the root dialog, i.e. the user was part-way through a flow. */
function hasFlow(stack: readonly DialogInstance[]): boolean {
  return stack.some((instance) => innerStack(instance).length > 0);
}
