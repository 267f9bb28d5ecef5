import { expect } from 'chai';
import { FakeClock } from '../../../src/clock.js';
import { ConversationStore, DEFAULT_CONVERSATION_LIMITS, type ActivitySet, type ConversationLimits } from '../../../src/directline/conversationStore.js';

const start = new Date('2026-03-02T01:00:00Z');

function storeWith(limits: Partial<ConversationLimits>, clock = new FakeClock(start)): { store: ConversationStore; forgotten: string[]; clock: FakeClock } {
  const forgotten: string[] = [];
  const store = new ConversationStore({ ...DEFAULT_CONVERSATION_LIMITS, ...limits }, clock, (id) => forgotten.push(id));
  return { store, forgotten, clock };
}

function message(text: string): { type: string; text: string } {
  return { type: 'message', text };
}

describe('ConversationStore (Direct Line history in bounded memory)', () => {
  it('numbers activities with increasing watermarks and returns those after a watermark', () => {
    const { store } = storeWith({});
    store.create('c1', 'u1', 'zh-CN');
    const ids = ['一', '二', '三'].map((text) => store.append('c1', message(text))?.id);

    expect(ids).to.deep.equal(['c1|0000001', 'c1|0000002', 'c1|0000003']);
    expect(store.activitiesAfter('c1', undefined).activities.map((activity) => activity.text)).to.deep.equal(['一', '二', '三']);
    expect(store.activitiesAfter('c1', 2)).to.deep.include({ watermark: '3' });
    expect(store.activitiesAfter('c1', 2).activities.map((activity) => activity.text)).to.deep.equal(['三']);
    expect(store.activitiesAfter('c1', 3).activities).to.deep.equal([]);
  });

  it('keeps only the newest activities of a long conversation, and watermarks keep counting', () => {
    const { store } = storeWith({ maxActivitiesPerConversation: 3 });
    store.create('c1', 'u1', undefined);
    for (let index = 1; index <= 5; index += 1) store.append('c1', message(`m${index}`));

    const all = store.activitiesAfter('c1', undefined);
    expect(all.activities.map((activity) => activity.text)).to.deep.equal(['m3', 'm4', 'm5']);
    expect(all.watermark).to.equal('5');
  });

  it('drops the oldest activities of a conversation that outgrows its byte budget, keeping at least the newest', () => {
    const { store } = storeWith({ maxBytesPerConversation: 400 });
    store.create('c1', 'u1', undefined);
    for (let index = 0; index < 5; index += 1) store.append('c1', message('x'.repeat(150)));

    const kept = store.activitiesAfter('c1', undefined).activities;
    expect(kept.length).to.be.within(1, 2);
    expect(kept.at(-1)?.id).to.equal('c1|0000005');
    expect(store.totalBytes).to.be.at.most(400);
  });

  it('forgets the least recently active conversation to make room, and reports it so its tokens are revoked', () => {
    const { store, forgotten, clock } = storeWith({ maxConversations: 2 });
    store.create('old', 'u1', undefined);
    clock.advance(1000);
    store.create('busy', 'u2', undefined);
    clock.advance(1000);
    store.touch('old'); // "old" was used again, so "busy" is now the least recently active

    store.create('new', 'u3', undefined);

    expect(forgotten).to.deep.equal(['busy']);
    expect(store.get('busy')).to.equal(undefined);
    expect([store.get('old')?.id, store.get('new')?.id]).to.deep.equal(['old', 'new']);
    expect(store.size).to.equal(2);
  });

  it('keeps the total size under its budget by forgetting other conversations, never the one being written', () => {
    const { store, forgotten } = storeWith({ maxTotalBytes: 1000 });
    for (const id of ['a', 'b', 'c']) {
      store.create(id, 'u', undefined);
      store.append(id, message('y'.repeat(250)));
    }
    store.append('c', message('z'.repeat(400)));

    expect(store.totalBytes).to.be.at.most(1000);
    expect(forgotten[0]).to.equal('a'); // least recently active first
    expect(forgotten).to.not.include('c');
    expect(store.activitiesAfter('c', undefined).activities).to.have.length(2);
  });

  it('forgets conversations idle for longer than idleMs when swept, and closes their live listeners', () => {
    const { store, forgotten, clock } = storeWith({ idleMs: 60 * 60 * 1000 });
    store.create('idle', 'u1', undefined);
    const events: string[] = [];
    store.subscribe('idle', { onActivities: () => events.push('activities'), onClosed: () => events.push('closed') });
    clock.advance(30 * 60 * 1000);
    store.create('active', 'u2', undefined);
    clock.advance(31 * 60 * 1000);

    expect(store.sweep()).to.equal(1);
    expect(forgotten).to.deep.equal(['idle']);
    expect(events).to.deep.equal(['closed']);
    expect(store.get('active')).to.not.equal(undefined);
    expect(store.totalBytes).to.equal(0);
  });

  it('pushes appended activities to live listeners with their watermark, and typing indicators without one', () => {
    const { store } = storeWith({});
    store.create('c1', 'u1', undefined);
    const sets: ActivitySet[] = [];
    const unsubscribe = store.subscribe('c1', { onActivities: (set) => sets.push(set), onClosed: () => {} });

    store.append('c1', message('hello'));
    store.publish('c1', { type: 'typing', id: 'c1|typing' });
    unsubscribe();
    store.append('c1', message('after unsubscribe'));

    expect(sets.map((set) => [set.activities[0]?.type, set.watermark])).to.deep.equal([
      ['message', '1'],
      ['typing', undefined],
    ]);
    expect(store.activitiesAfter('c1', undefined).activities.map((activity) => activity.type)).to.deep.equal(['message', 'message']);
  });

  it('stays within every bound under a flood of conversations and messages', () => {
    const limits = { maxConversations: 50, maxActivitiesPerConversation: 20, maxBytesPerConversation: 8 * 1024, maxTotalBytes: 128 * 1024 };
    const { store } = storeWith(limits);
    for (let conversation = 0; conversation < 500; conversation += 1) {
      store.create(`c${conversation}`, 'u', undefined);
      for (let index = 0; index < 40; index += 1) store.append(`c${conversation}`, message('社保'.repeat(conversation % 50)));
      expect(store.size).to.be.at.most(limits.maxConversations);
      expect(store.totalBytes).to.be.at.most(limits.maxTotalBytes);
    }
    expect(store.activitiesAfter('c499', undefined).activities.length).to.be.at.most(limits.maxActivitiesPerConversation);
  });
});
