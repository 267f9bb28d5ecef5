/** The source of "now" for anything that reasons about dates, so tests can pin and move time. */
export interface Clock {
  now(): Date;
}

/** The real wall clock of the machine. */
export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock for tests: it stands still until told to move. */
export class FakeClock implements Clock {
  private currentMs: number;

  constructor(start: Date) {
    this.currentMs = FakeClock.validTime(start);
  }

  /** A fresh Date each call, so a caller that mutates it cannot move the clock. */
  now(): Date {
    return new Date(this.currentMs);
  }

  /** Moves the clock forward by `ms` milliseconds; use `set` to go back. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`FakeClock.advance needs a finite, non-negative number of milliseconds, got ${ms}; use set() to move the clock back.`);
    }
    this.currentMs += ms;
  }

  /** Jumps the clock to `date`, forward or back. */
  set(date: Date): void {
    this.currentMs = FakeClock.validTime(date);
  }

  private static validTime(date: Date): number {
    const ms = date.getTime();
    if (Number.isNaN(ms)) {
      throw new RangeError('FakeClock needs a valid Date, got an Invalid Date; check the string or numbers it was built from.');
    }
    return ms;
  }
}
