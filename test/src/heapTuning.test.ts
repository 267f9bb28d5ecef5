import { expect } from 'chai';
import { collectAfterStartup, HEAP_GROWING_PERCENT, tuneHeap } from '../../src/heapTuning.js';

describe('heap tuning', () => {
  it('limits how far the old generation grows past the live data, to a fraction well under V8’s default of up to 300%', () => {
    expect(HEAP_GROWING_PERCENT).to.be.within(10, 100);
    expect(tuneHeap([])).to.equal(true);
  });

  it('leaves an operator’s own --heap-growing-percent alone', () => {
    expect(tuneHeap(['--heap-growing-percent=80'])).to.equal(false);
    expect(tuneHeap(['--enable-source-maps', '--heap_growing_percent=80'])).to.equal(false);
  });

  it('collects start-up garbage once, without putting gc() on the global object', () => {
    let garbage: number[][] | undefined = Array.from({ length: 400 }, () => Array.from({ length: 20_000 }, (_, index) => index + 0.5));
    const withGarbage = process.memoryUsage().heapUsed;
    expect(garbage.length).to.equal(400);
    garbage = undefined;
    collectAfterStartup();
    expect(withGarbage - process.memoryUsage().heapUsed, 'bytes freed').to.be.above(30 * 2 ** 20);
    expect((globalThis as { gc?: unknown }).gc).to.equal(undefined);
  });
});
