import path from 'node:path';
import { checkContent, formatProblem } from '../src/knowledge/contentSchema.js';
import { KnowledgeIndex } from '../src/knowledge/knowledgeIndex.js';
import { localesDir } from '../src/paths.js';

/**
 * `npm run content:check [-- DIR]`: validates the knowledge base under locales/ (or DIR) the way the bot does at
 * start-up, but lists every problem (file, entry id, field) instead of stopping at the first. Exits 1 if any.
 */
function main(): number {
  const dir = path.resolve(process.argv[2] ?? localesDir);
  const { content, problems } = checkContent(dir);
  if (!content) {
    console.error(`Knowledge base in ${dir}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const problem of problems) console.error(`  ${formatProblem(problem)}`);
    return 1;
  }
  // Building the index is what start-up does next; it must not fail on content that passed.
  KnowledgeIndex.build(content);
  const summary = Object.entries(content)
    .map(([locale, files]) => `${locale}: ${files.faq.entries.length} entries, ${files.flows.flows.length} flows, ${files.handoff.topics.length} handoff topics`)
    .join('; ');
  console.log(`Knowledge base in ${dir} is valid (${summary}).`);
  return 0;
}

process.exitCode = main();
