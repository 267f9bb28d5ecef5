import { readFileSync } from 'node:fs';
import { loadContent } from '../src/knowledge/contentSchema.js';
import { KnowledgeIndex } from '../src/knowledge/knowledgeIndex.js';
import type { Understanding } from '../src/knowledge/questionAnswering.js';
import { isLocale, type Locale } from '../src/locale.js';

/**
 * For content editors tuning phrasings: `node dist/scripts/explainMatch.js "社保卡丢了"` prints the terms a
 * message is searched by, the ranked candidates and the decision. `--file eval/dev.jsonl` runs a whole set
 * through the index alone (no bot), fast, printing only the lines decided differently from `accept`.
 */
const args = process.argv.slice(2);
const index = KnowledgeIndex.build(loadContent());

function decide(text: string, locale: Locale): { label: string[]; summary: string } {
  return describe(index.understand(text, locale));
}

/** An understanding as the label eval files use, and a one-line summary with its detail and confidence. */
function describe(understanding: Understanding): { label: string[]; summary: string } {
  const label =
    understanding.kind === 'faq' ? [understanding.entryId]
    : understanding.kind === 'flow' ? [understanding.flowId]
    : understanding.kind === 'clarify' ? ['clarify']
    : [understanding.kind];
  const detail = understanding.kind === 'clarify' ? understanding.entryIds.join('|') : understanding.kind === 'handoff' ? understanding.topic : '';
  return { label, summary: `${label.join()} ${detail} (${understanding.confidence})` };
}

if (args[0] === '--file') {
  const lines = readFileSync(args[1] ?? '', 'utf8').split('\n').filter((line) => line.trim() !== '');
  let correct = 0;
  for (const line of lines) {
    const { text, locale, accept } = JSON.parse(line) as { text: string; locale: string; accept: string[] };
    if (!isLocale(locale)) continue;
    const { label, summary } = decide(text, locale);
    if (label.some((value) => accept.includes(value))) correct += 1;
    else {
      const top = index.rank(text, KnowledgeIndex.indexLocaleFor(text, locale)).slice(0, 3);
      console.log(`${text}\n   want ${accept.join('|')} got ${summary}\n   ${top.map((c) => `${c.type}:${c.id} s=${c.score.toFixed(1)} c=${c.coverage.toFixed(2)} «${c.phrase}»`).join('\n   ')}`);
    }
  }
  console.log(`${correct}/${lines.length}`);
} else if (args[0] === '--after') {
  // `--after "上一个问题" "追问"`: how a follow-up is read after the answer to the first question.
  const [, first = '', ...followUps] = args;
  const previous = index.understand(first, KnowledgeIndex.indexLocaleFor(first, 'zh-CN'));
  const previousId = previous.kind === 'faq' ? previous.entryId : undefined;
  console.log(first, '→', decide(first, previous.locale).summary);
  for (const text of followUps) {
    const locale = KnowledgeIndex.indexLocaleFor(text, previous.locale);
    if (previousId === undefined) {
      console.log(`  (the first question is not answered from an entry, so "${text}" is read alone)`);
      continue;
    }
    console.log(`  then ${text} → ${describe(index.understandFollowUp(text, locale, previousId)).summary}; alone: ${decide(text, locale).summary}`);
    const composed = index.followUpText(text, locale, previousId);
    for (const candidate of index.rank(composed, locale).slice(0, 3)) {
      console.log(`    in context ${candidate.type}:${candidate.id} score=${candidate.score.toFixed(2)} coverage=${candidate.coverage.toFixed(2)} «${candidate.phrase}»`);
    }
  }
} else {
  for (const text of args) {
    const locale = KnowledgeIndex.indexLocaleFor(text, 'zh-CN');
    console.log(text, '→', decide(text, locale).summary);
    console.log('  terms:', index.tokenize(locale, text).join(' '));
    for (const candidate of index.rank(text, locale).slice(0, 5)) {
      console.log(`  ${candidate.type}:${candidate.id} score=${candidate.score.toFixed(2)} coverage=${candidate.coverage.toFixed(2)} «${candidate.phrase}»`);
    }
  }
}
