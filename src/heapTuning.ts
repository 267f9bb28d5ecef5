import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what the last full collection kept, in percent.
 * V8 picks a factor up to 4 (300%) when collections are cheap, so under load a heap of ~90 MB
 * live data swelled to 300 MB before it was collected (peak RSS 450 MB in `npm run bench`).
 * Every turn promotes short-lived botbuilder objects, so most of that growth is garbage: 30%
 * keeps peak RSS near 230 MB at about 5% more CPU per turn (measured with the benchmark).
 */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Applies `HEAP_GROWING_PERCENT` unless the process was started with its own
 * `--heap-growing-percent` (an operator's choice wins). Call before the app allocates much.
 */
export function tuneHeap(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((flag) => flag.startsWith('--heap-growing-percent') || flag.startsWith('--heap_growing_percent'))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
