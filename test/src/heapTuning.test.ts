import { expect } from 'chai';
import { HEAP_GROWING_PERCENT, tuneHeap } from '../../src/heapTuning.js';

describe('heap tuning', () => {
  it('limits how far the old generation grows past the live data, to a fraction well under V8’s default of up to 300%', () => {
    expect(HEAP_GROWING_PERCENT).to.be.within(10, 100);
    expect(tuneHeap([])).to.equal(true);
  });

  it('leaves an operator’s own --heap-growing-percent alone', () => {
    expect(tuneHeap(['--heap-growing-percent=80'])).to.equal(false);
    expect(tuneHeap(['--enable-source-maps', '--heap_growing_percent=80'])).to.equal(false);
  });
});
