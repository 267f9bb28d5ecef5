import { expect } from 'chai';
import { BoundedMap } from '../../../src/util/boundedMap.js';

describe('BoundedMap', () => {
  it('keeps at most maxEntries, dropping the entry set longest ago', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('c', 3);
    expect(map.size).to.equal(2);
    expect([map.get('a'), map.get('b'), map.get('c')]).to.deep.equal([undefined, 2, 3]);
  });

  it('counts setting a key again as new, so the entry kept fresh stays', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c')]).to.deep.equal([10, undefined, 3]);
  });

  it('does not reorder on reading, and forgets a deleted key', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).to.equal(1);
    map.set('c', 3);
    expect(map.get('a'), 'read, but set longest ago').to.equal(undefined);
    map.delete('b');
    expect([map.size, map.get('b')]).to.deep.equal([1, undefined]);
  });
});
