import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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

/**
 * One full collection once start-up is done. The growing percent only applies from the first full
 * collection on; before it V8 lets the old generation reach its initial limit, and the first load
 * after start-up took RSS to 320-350 MB before that collection came. Collecting once after the
 * index is built (its ~100 MB of build garbage included) sizes the limit from the live heap.
 * `gc` is exposed to a throwaway context only; the app's own global scope never sees it.
 */
export function collectAfterStartup(): void {
  setFlagsFromString('--expose-gc');
  const collect: unknown = runInNewContext('gc');
  if (typeof collect === 'function') (collect as () => void)();
}
