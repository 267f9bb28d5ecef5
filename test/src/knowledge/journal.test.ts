import { expect } from 'chai';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createKnowledgeJournals,
  FEEDBACK_FILE,
  FeedbackRecordSchema,
  JsonLinesJournal,
  MemoryJournal,
  UNANSWERED_FILE,
  unansweredRecord,
  type FeedbackRecord,
} from '../../../src/knowledge/journal.js';

const vote = (entryId: string, index: number): FeedbackRecord => ({
  version: 1,
  at: new Date(Date.UTC(2026, 10, 27, 0, 0, index)).toISOString(),
  locale: 'zh-CN',
  entryId,
  vote: index % 2 === 0 ? 'up' : 'down',
});

describe('knowledge journals', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kb-journal-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends one JSON line per record and reads them back in order', async () => {
    const journal = new JsonLinesJournal(path.join(dir, FEEDBACK_FILE), FeedbackRecordSchema);
    await journal.append(vote('password-kinds', 0));
    await journal.append(vote('card-number', 1));
    expect(readFileSync(path.join(dir, FEEDBACK_FILE), 'utf8').trim().split('\n')).to.have.length(2);
    expect((await journal.readAll()).records.map((record) => record.entryId)).to.deep.equal(['password-kinds', 'card-number']);
  });

  it('keeps a thousand concurrent appends whole and in call order', async () => {
    const journal = new JsonLinesJournal(path.join(dir, FEEDBACK_FILE), FeedbackRecordSchema);
    await Promise.all(Array.from({ length: 1000 }, (_, index) => journal.append(vote(`entry-${index}`, index))));
    const { records, skipped } = await journal.readAll();
    expect(skipped).to.equal(0);
    expect(records.map((record) => record.entryId)).to.deep.equal(Array.from({ length: 1000 }, (_, index) => `entry-${index}`));
  });

  it('skips and counts lines that are torn or of another shape, keeping the rest', async () => {
    const file = path.join(dir, FEEDBACK_FILE);
    const journal = new JsonLinesJournal(file, FeedbackRecordSchema);
    await journal.append(vote('password-kinds', 0));
    appendFileSync(file, '{"version":1,"at":"2026\n{"version":2}\n');
    await journal.append(vote('card-number', 1));
    const { records, skipped } = await journal.readAll();
    expect(records.map((record) => record.entryId)).to.deep.equal(['password-kinds', 'card-number']);
    expect(skipped).to.equal(2);
  });

  it('reads a journal that was never written as empty', async () => {
    expect(await new JsonLinesJournal(path.join(dir, 'none.jsonl'), FeedbackRecordSchema).readAll()).to.deep.equal({ records: [], skipped: 0 });
  });

  it('keeps the logs in memory for STATE_STORE=memory and under STATE_PATH otherwise', async () => {
    expect(createKnowledgeJournals({ isPersistent: false, statePath: dir }).feedback).to.be.instanceOf(MemoryJournal);
    const onDisk = createKnowledgeJournals({ isPersistent: true, statePath: path.join(dir, 'state') });
    await onDisk.unanswered.append(unansweredRecord({ at: '2026-11-27T00:00:00.000Z', locale: 'en-US', topic: 'office-hours', text: 'open on sunday?' }));
    expect(readFileSync(path.join(dir, 'state', UNANSWERED_FILE), 'utf8')).to.include('open on sunday?');
  });

  const personal: [string, string][] = [
    ['a resident ID number', '我身份证 11010519491231002X 社保卡补办要多久'],
    ['a mobile number', '请回电 13812345678 告诉我社保局几点上班'],
    ['a bank card number', 'my card 6222 0212 3456 7890 128 lost, what now'],
    ['a password', '我的密码是 246810 忘了怎么改'],
  ];
  for (const [what, text] of personal) {
    it(`masks ${what} before an unanswered question is recorded`, () => {
      const record = unansweredRecord({ at: '2026-11-27T00:00:00.000Z', locale: 'zh-CN', topic: 'card-loss', text });
      const digits = text.match(/\d{6,}/g) ?? [];
      for (const number of digits) expect(record.text).not.to.include(number);
      expect(record.text).to.include('*');
    });
  }
});
