import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { z } from 'zod';

/**
 * What the Social Security Bureau needs for reimbursing treatment in another place (the seed's list),
 * led by the referral that must come before the treatment. Order is the order shown to the citizen.
 */
export const CHECKLIST_ITEMS = [
  'referral',
  'medicalRecord',
  'receipts',
  'expenseList',
  'socialSecurityCard',
  'idCard',
  'bankCard',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One citizen's reimbursement checklist, kept in user state so it survives across conversations. */
export const ChecklistProgressSchema = z.object({
  version: z.literal(1),
  /** When the checklist was begun (ISO instant). */
  startedAt: z.iso.datetime(),
  /** When it was last changed (ISO instant). */
  updatedAt: z.iso.datetime(),
  /** The day of treatment or discharge, YYYY-MM-DD, once given. */
  treatmentDate: isoDate.optional(),
  /** The items the citizen has, in CHECKLIST_ITEMS order. */
  items: z.array(z.enum(CHECKLIST_ITEMS)),
  /** True once the final summary was given; a finished checklist is not offered for continuing. */
  isFinished: z.boolean(),
  /** The citizen said the referral was not made before the treatment: "all of them" does not tick it. */
  hadNoReferral: z.boolean().optional(),
});
export type ChecklistProgress = z.infer<typeof ChecklistProgressSchema>;

/** Reads and writes a user's saved checklist; the flow and the "my checklist" route see only this. */
export interface ChecklistStore {
  get(context: TurnContext): Promise<ChecklistProgress | undefined>;
  set(context: TurnContext, progress: ChecklistProgress): Promise<void>;
}

/** A fresh checklist begun at `now`. */
export function newChecklist(now: Date): ChecklistProgress {
  return { version: 1, startedAt: now.toISOString(), updatedAt: now.toISOString(), items: [], isFinished: false };
}

/** `items` in the canonical order, without repeats. */
export function sortItems(items: Iterable<ChecklistItem>): ChecklistItem[] {
  const present = new Set(items);
  return CHECKLIST_ITEMS.filter((item) => present.has(item));
}

/** The items still missing from `progress`, in order. */
export function missingItems(progress: ChecklistProgress): ChecklistItem[] {
  return CHECKLIST_ITEMS.filter((item) => !progress.items.includes(item));
}

/** The checklist kept in user state under the accessor's property; a value of another version or shape reads as none. */
export function checklistStoreFrom(accessor: StatePropertyAccessor<unknown>): ChecklistStore {
  return {
    async get(context) {
      const stored: unknown = await accessor.get(context);
      if (stored === undefined) return undefined;
      const parsed = ChecklistProgressSchema.safeParse(stored);
      if (parsed.success) return parsed.data;
      // Written by another release: dropped rather than misread, and the citizen simply starts afresh.
      await accessor.delete(context);
      return undefined;
    },
    async set(context, progress) {
      await accessor.set(context, ChecklistProgressSchema.parse(progress));
    },
  };
}
