import { expect } from 'chai';
import { FakeClock } from '../../../src/clock.js';
import { TOKEN_TTL_MS, TokenRegistry } from '../../../src/directline/tokens.js';

describe('TokenRegistry (Direct Line tokens)', () => {
  it('issues random tokens bound to one conversation and one user, valid for 30 minutes', () => {
    const clock = new FakeClock(new Date('2026-03-02T01:00:00Z'));
    const tokens = new TokenRegistry(clock);
    const first = tokens.issue('c1', 'dl_u1');
    const second = tokens.issue('c1', 'dl_u1');

    expect(first.token).to.not.equal(second.token);
    expect(first.expiresInSeconds).to.equal(1800);
    const checked = tokens.check(first.token);
    expect(checked.status).to.equal('valid');
    if (checked.status === 'valid') expect(checked.grant).to.include({ conversationId: 'c1', userId: 'dl_u1' });

    clock.advance(TOKEN_TTL_MS - 1);
    expect(tokens.check(first.token).status).to.equal('valid');
    clock.advance(1);
    expect(tokens.check(first.token).status).to.equal('expired');
    expect(tokens.check('never-issued').status).to.equal('unknown');
  });

  it('refreshes into a new token for the same conversation and user', () => {
    const tokens = new TokenRegistry(new FakeClock(new Date('2026-03-02T01:00:00Z')));
    const original = tokens.issue('c1', 'dl_u1');
    const checked = tokens.check(original.token);
    if (checked.status !== 'valid') throw new Error('expected a valid token');
    const refreshed = tokens.refresh(checked.grant);
    const after = tokens.check(refreshed.token);
    expect(after.status === 'valid' && after.grant).to.include({ conversationId: 'c1', userId: 'dl_u1' });
  });

  it('revokes every token of a forgotten conversation, and no other', () => {
    const tokens = new TokenRegistry(new FakeClock(new Date('2026-03-02T01:00:00Z')));
    const gone = tokens.issue('gone', 'dl_a');
    const kept = tokens.issue('kept', 'dl_b');
    tokens.revokeConversation('gone');
    expect(tokens.check(gone.token).status).to.equal('unknown');
    expect(tokens.check(kept.token).status).to.equal('valid');
  });

  it('keeps at most eight tokens per conversation, dropping the oldest, and sweeps expired ones', () => {
    const clock = new FakeClock(new Date('2026-03-02T01:00:00Z'));
    const tokens = new TokenRegistry(clock);
    const issued = Array.from({ length: 10 }, () => tokens.issue('c1', 'dl_u1').token);
    expect(tokens.size).to.equal(8);
    expect(tokens.check(issued[0] ?? '').status).to.equal('unknown');
    expect(tokens.check(issued[9] ?? '').status).to.equal('valid');

    clock.advance(TOKEN_TTL_MS);
    expect(tokens.sweep()).to.equal(8);
    expect(tokens.size).to.equal(0);
  });
});
