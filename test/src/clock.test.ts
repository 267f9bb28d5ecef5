import { expect } from 'chai';
import { FakeClock, systemClock } from '../../src/clock.js';

describe('Clock', () => {
  describe('systemClock', () => {
    it('tells the real time of the machine', () => {
      const before = Date.now();
      const now = systemClock.now().getTime();
      const after = Date.now();
      expect(now).to.be.within(before, after);
    });
  });

  describe('FakeClock', () => {
    const start = new Date('2026-11-27T02:00:00Z');

    it('stands still at the time it was started with', () => {
      const clock = new FakeClock(start);
      expect(clock.now().toISOString()).to.equal('2026-11-27T02:00:00.000Z');
      expect(clock.now().toISOString()).to.equal('2026-11-27T02:00:00.000Z');
    });

    it('moves forward only when advanced, and by exactly that much', () => {
      const clock = new FakeClock(start);
      clock.advance(90 * 60 * 1000);
      expect(clock.now().toISOString()).to.equal('2026-11-27T03:30:00.000Z');
      clock.advance(0);
      expect(clock.now().toISOString()).to.equal('2026-11-27T03:30:00.000Z');
    });

    it('jumps to any date, forward or back, when set', () => {
      const clock = new FakeClock(start);
      clock.set(new Date('2027-01-01T00:00:00Z'));
      expect(clock.now().toISOString()).to.equal('2027-01-01T00:00:00.000Z');
      clock.set(new Date('2020-02-29T12:00:00Z'));
      expect(clock.now().toISOString()).to.equal('2020-02-29T12:00:00.000Z');
    });

    it('cannot be moved by changing the Date it was given or the Date it returned', () => {
      const given = new Date(start);
      const clock = new FakeClock(given);
      given.setUTCFullYear(1999);
      clock.now().setUTCFullYear(1999);
      expect(clock.now().toISOString()).to.equal('2026-11-27T02:00:00.000Z');
    });

    it('refuses to advance backwards or by a non-number, and says to use set instead', () => {
      const clock = new FakeClock(start);
      for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => clock.advance(ms)).to.throw(RangeError, /set\(\)/);
      }
      expect(clock.now().toISOString()).to.equal('2026-11-27T02:00:00.000Z');
    });

    it('refuses an Invalid Date', () => {
      expect(() => new FakeClock(new Date('not a date'))).to.throw(RangeError, /Invalid Date/);
      const clock = new FakeClock(start);
      expect(() => clock.set(new Date(Number.NaN))).to.throw(RangeError);
      expect(clock.now().toISOString()).to.equal('2026-11-27T02:00:00.000Z');
    });
  });
});
