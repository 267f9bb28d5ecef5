import type { TurnContext } from 'botbuilder';

/** What a reply is, for feedback buttons, analytics and automated checks (`channelData.kind`). */
export const REPLY_KINDS = ['faq', 'dialog', 'clarify', 'handoff', 'out-of-scope', 'control'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export interface ReplyMeta {
  kind: ReplyKind;
  /** The knowledge-base entry id, flow id or control intent. */
  topic: string;
  confidence?: number;
}

const REPLY_META = Symbol('replyMeta');

/** Declares what this turn's replies are; every message sent afterwards in the turn carries it. */
export function setReplyMeta(context: TurnContext, meta: ReplyMeta): void {
  context.turnState.set(REPLY_META, meta);
}

export function getReplyMeta(context: TurnContext): ReplyMeta | undefined {
  return context.turnState.get(REPLY_META) as ReplyMeta | undefined;
}

/**
 * Stamps `channelData: { kind, topic, confidence? }` on every outgoing message of the turn that
 * does not carry its own, so no dialog has to remember to.
 */
export function stampReplyMeta(context: TurnContext): void {
  context.onSendActivities(async (ctx, activities, next) => {
    const meta = getReplyMeta(ctx);
    if (meta) {
      for (const activity of activities) {
        if (activity.type !== 'message') continue;
        const channelData = (activity.channelData ?? {}) as Record<string, unknown>;
        if (typeof channelData.kind === 'string') continue;
        activity.channelData = { ...channelData, ...meta };
      }
    }
    return next();
  });
}
