const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

const PLAIN_SECONDS = /^\d+$/;
const WITH_UNITS = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/**
 * Parses a duration as written in the environment: a whole number of seconds ("86400") or numbers
 * with units ms, s, m, h, d, w, optionally combined ("24h", "90d", "1h30m"). Returns milliseconds,
 * or undefined when the text is neither.
 */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  if (PLAIN_SECONDS.test(compact)) return Number(compact) * 1_000;
  if (!WITH_UNITS.test(compact)) return undefined;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return Number.isSafeInteger(total) ? total : undefined;
}
