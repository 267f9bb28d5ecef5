import { expect } from 'chai';
import { loadConfig } from '../../../src/config.js';
import { parseDuration } from '../../../src/util/duration.js';

describe('parseDuration', () => {
  const cases: [string, number | undefined][] = [
    ['86400', 86_400_000],
    ['0', 0],
    ['24h', 86_400_000],
    ['90d', 90 * 86_400_000],
    ['12w', 12 * 7 * 86_400_000],
    ['30m', 1_800_000],
    ['45s', 45_000],
    ['250ms', 250],
    ['1h30m', 5_400_000],
    [' 2D ', 2 * 86_400_000],
    ['1.5h', undefined],
    ['h', undefined],
    ['-5', undefined],
    ['ten minutes', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)} as ${expected === undefined ? 'not a duration' : `${expected} ms`}`, () => {
      expect(parseDuration(text)).to.equal(expected);
    });
  }
});

describe('state expiry settings', () => {
  it('keeps conversations 24 hours and users 90 days by default, sweeping hourly', () => {
    const config = loadConfig({});
    expect(config.CONVERSATION_TTL).to.equal(24 * 3_600_000);
    expect(config.USER_TTL).to.equal(90 * 86_400_000);
    expect(config.STATE_SWEEP_INTERVAL).to.equal(3_600_000);
  });

  it('accepts seconds or a duration with a unit', () => {
    const config = loadConfig({ CONVERSATION_TTL: '3600', USER_TTL: '30d', STATE_SWEEP_INTERVAL: '5m' });
    expect(config.CONVERSATION_TTL).to.equal(3_600_000);
    expect(config.USER_TTL).to.equal(30 * 86_400_000);
    expect(config.STATE_SWEEP_INTERVAL).to.equal(300_000);
  });

  it('refuses a TTL it cannot read, naming the variable and what it accepts', () => {
    expect(() => loadConfig({ USER_TTL: 'forever' })).to.throw(/Invalid USER_TTL="forever": expected .*seconds.*90d/);
  });
});
