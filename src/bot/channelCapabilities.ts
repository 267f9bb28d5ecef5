/**
 * Channels whose clients render Adaptive Cards. Everything else (SMS, Telegram, a channel we have not
 * met) gets plain text: an unrendered card is an empty bubble to a citizen.
 */
export const ADAPTIVE_CARD_CHANNELS: ReadonlySet<string> = new Set(['emulator', 'webchat', 'directline', 'msteams']);

/** Whether replies on `channelId` may carry an Adaptive Card. */
export function supportsAdaptiveCards(channelId: string | undefined): boolean {
  return channelId !== undefined && ADAPTIVE_CARD_CHANNELS.has(channelId.toLowerCase());
}
