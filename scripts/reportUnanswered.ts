import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { loadContent } from '../src/knowledge/contentSchema.js';
import { FEEDBACK_FILE, FeedbackRecordSchema, JsonLinesJournal, UNANSWERED_FILE, UnansweredRecordSchema } from '../src/knowledge/journal.js';
import { KnowledgeIndex } from '../src/knowledge/knowledgeIndex.js';
import { countVotes, groupUnanswered } from '../src/knowledge/unansweredReport.js';

/**
 * `npm run report:unanswered [-- DIR]`: the questions the bot handed off (from STATE_PATH/unanswered.jsonl, or
 * DIR), grouped by similar wording with counts, then the 👍/👎 votes per entry (STATE_PATH/feedback.jsonl).
 */
async function main(): Promise<number> {
  const directory = path.resolve(process.argv[2] ?? loadConfig().STATE_PATH);
  const index = KnowledgeIndex.build(loadContent());
  const unanswered = await new JsonLinesJournal(path.join(directory, UNANSWERED_FILE), UnansweredRecordSchema).readAll();
  const feedback = await new JsonLinesJournal(path.join(directory, FEEDBACK_FILE), FeedbackRecordSchema).readAll();

  const groups = groupUnanswered(unanswered.records, (locale, text) => index.tokenize(locale, text));
  console.log(`Unanswered questions in ${directory}: ${unanswered.records.length} in ${groups.length} groups`);
  for (const group of groups) {
    const topics = Object.entries(group.topics)
      .sort((a, b) => b[1] - a[1])
      .map(([topic, count]) => `${topic} ${count}`)
      .join(', ');
    console.log(`  ${String(group.count).padStart(4)}× [${group.locale}] ${group.example}   (${topics})`);
    for (const wording of group.otherWordings) console.log(`         also: ${wording}`);
  }

  const votes = countVotes(feedback.records);
  console.log(`\nFeedback: ${feedback.records.length} votes on ${votes.length} entries (👎 first)`);
  for (const { entryId, up, down } of votes) console.log(`  ${entryId.padEnd(36)} 👍 ${String(up).padStart(4)}   👎 ${String(down).padStart(4)}`);

  const skipped = unanswered.skipped + feedback.skipped;
  if (skipped > 0) console.log(`\n(${skipped} unreadable line${skipped === 1 ? '' : 's'} skipped)`);
  return 0;
}

process.exitCode = await main();
