import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkContent, ContentError, formatProblem, loadContent } from '../../../src/knowledge/contentSchema.js';
import { localesDir, projectRoot } from '../../../src/paths.js';

const run = promisify(execFile);

type Json = Record<string, unknown>;
type FaqJson = { locale: string; entries: (Json & { id: string; alternates: string[]; related: string[] })[] };

/** A copy of locales/ in a temp dir, edited by `breakIt`: a content editor's mistake, reproduced. */
function brokenCopy(breakIt: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-content-'));
  cpSync(localesDir, dir, { recursive: true });
  breakIt(dir);
  return dir;
}

function editJson<T>(dir: string, file: string, edit: (value: T) => void): void {
  const filePath = path.join(dir, file);
  const value = JSON.parse(readFileSync(filePath, 'utf8')) as T;
  edit(value);
  writeFileSync(filePath, JSON.stringify(value, null, 2));
}

function problemsIn(dir: string): string[] {
  return checkContent(dir).problems.map(formatProblem);
}

describe('knowledge-base content validation', () => {
  const dirs: string[] = [];
  const copy = (breakIt: (dir: string) => void) => {
    const dir = brokenCopy(breakIt);
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the knowledge base as shipped, in both locales', () => {
    const { content, problems } = checkContent();
    expect(problems.map(formatProblem)).to.deep.equal([]);
    expect(content?.['zh-CN'].faq.entries.map((entry) => entry.id)).to.deep.equal(content?.['en-US'].faq.entries.map((entry) => entry.id));
  });

  const cases: { mistake: string; breakIt: (dir: string) => void; expected: string }[] = [
    {
      mistake: 'fewer than six alternates',
      breakIt: (dir) => editJson<FaqJson>(dir, 'en-US/faq.json', (faq) => void (faq.entries[0]!.alternates = ['a', 'b', 'c'])),
      expected: 'en-US/faq.json: entry password-kinds: alternates: needs at least 6 alternate phrasings',
    },
    {
      mistake: 'a related id that does not exist',
      breakIt: (dir) => editJson<FaqJson>(dir, 'zh-CN/faq.json', (faq) => void faq.entries[1]!.related.push('no-such-entry')),
      expected: 'zh-CN/faq.json: entry password-account: related.2: unknown entry id "no-such-entry"',
    },
    {
      mistake: 'a date that does not exist',
      breakIt: (dir) => editJson<FaqJson>(dir, 'zh-CN/faq.json', (faq) => void (faq.entries[2]!.lastReviewed = '2026-02-30')),
      expected: 'zh-CN/faq.json: entry password-financial: lastReviewed: must be a real calendar date',
    },
    {
      mistake: 'a date in another format',
      breakIt: (dir) => editJson<FaqJson>(dir, 'en-US/faq.json', (faq) => void (faq.entries[2]!.lastReviewed = '27/11/2026')),
      expected: 'en-US/faq.json: entry password-financial: lastReviewed: must be a date written YYYY-MM-DD',
    },
    {
      mistake: 'an entry translated into only one locale',
      breakIt: (dir) =>
        editJson<FaqJson>(dir, 'zh-CN/faq.json', (faq) => void faq.entries.push({ ...faq.entries[0]!, id: 'card-photo', related: [] })),
      expected: 'en-US/faq.json: entry card-photo: id: missing translation: present in zh-CN/faq.json but not here',
    },
    {
      mistake: 'a flow missing in one locale',
      breakIt: (dir) => editJson<{ flows: Json[] }>(dir, 'en-US/flows.json', (flows) => void flows.flows.pop()),
      expected: 'en-US/flows.json: entry registration-deadline: id: missing translation: present in zh-CN/flows.json but not here',
    },
    {
      mistake: 'a source that is neither the seed nor Article 57',
      breakIt: (dir) => editJson<FaqJson>(dir, 'en-US/faq.json', (faq) => void (faq.entries[5]!.source = { ref: 'blog:somewhere', label: 'x' })),
      expected: 'en-US/faq.json: entry card-cross-region: source.ref: must be "seed:<section>" or "law:art57"',
    },
    {
      mistake: 'the same phrase under two entries',
      breakIt: (dir) =>
        editJson<FaqJson>(dir, 'en-US/faq.json', (faq) => void faq.entries[1]!.alternates.push(faq.entries[0]!.alternates[0]!)),
      expected: 'en-US/faq.json: entry password-account: alternates.13: "how many passwords does the social security card have" is also listed under en-US/faq.json password-kinds; a phrase must lead to one place',
    },
    {
      mistake: 'a request concept that names no glossary group',
      breakIt: (dir) => editJson<{ requestConcepts: string[] }>(dir, 'zh-CN/matching.json', (matching) => void (matching.requestConcepts = ['忘了'])),
      expected: 'zh-CN/matching.json: requestConcepts.0: "忘了" is not the first phrase of a group in synonyms.json',
    },
    {
      mistake: 'a follow-up aspect that names no glossary group',
      breakIt: (dir) => editJson<{ followUpAspects: string[] }>(dir, 'en-US/matching.json', (matching) => void (matching.followUpAspects = ['online'])),
      expected: 'en-US/matching.json: followUpAspects.0: "online" is not the first phrase of a group in synonyms.json',
    },
    {
      mistake: 'a use told for a member of no follow-up family',
      breakIt: (dir) =>
        editJson<{ memberUses: { member: string; uses: string[] }[] }>(dir, 'en-US/matching.json', (matching) => void (matching.memberUses[0]!.member = 'bank card')),
      expected: 'en-US/matching.json: memberUses.0.member: "bank card" is not a member of a family in followUpFamilies',
    },
    {
      mistake: 'a comparison concept that names no glossary group',
      breakIt: (dir) => editJson<{ comparisonConcepts: string[] }>(dir, 'zh-CN/matching.json', (matching) => void (matching.comparisonConcepts = ['一样'])),
      expected: 'zh-CN/matching.json: comparisonConcepts.0: "一样" is not the first phrase of a group in synonyms.json',
    },
    {
      mistake: 'a defining concept that names no glossary group',
      breakIt: (dir) =>
        editJson<{ definingConcepts: { entry: string; concepts: string[] }[] }>(dir, 'en-US/matching.json', (matching) => void (matching.definingConcepts[0]!.concepts = ['number'])),
      expected: 'en-US/matching.json: definingConcepts.0.concepts.0: "number" is not the first phrase of a group in synonyms.json',
    },
    {
      mistake: 'a definition of an entry that does not exist',
      breakIt: (dir) =>
        editJson<{ definingConcepts: { entry: string; concepts: string[] }[] }>(dir, 'zh-CN/matching.json', (matching) => void (matching.definingConcepts[0]!.entry = 'card-numbr')),
      expected: 'zh-CN/matching.json: definingConcepts.0.entry: unknown entry id "card-numbr"',
    },
    {
      mistake: 'an amount concept that names no glossary group',
      breakIt: (dir) => editJson<{ notHeldConcepts: string[] }>(dir, 'zh-CN/matching.json', (matching) => void (matching.notHeldConcepts = ['多少钱'])),
      expected: 'zh-CN/matching.json: notHeldConcepts.0: "多少钱" is not the first phrase of a group in synonyms.json',
    },
    {
      mistake: 'acting for someone else handed off to a topic that does not exist',
      breakIt: (dir) =>
        editJson<{ actingForAnother: { topic: string; cues: string[] } }>(dir, 'en-US/matching.json', (matching) => void (matching.actingForAnother.topic = 'other-service')),
      expected: 'en-US/matching.json: actingForAnother.topic: unknown handoff topic "other-service"',
    },
    {
      mistake: 'a flow whose topic entry does not exist',
      breakIt: (dir) => editJson<{ flows: { topicEntry?: string }[] }>(dir, 'zh-CN/flows.json', (flows) => void (flows.flows[0]!.topicEntry = 'password-typo')),
      expected: 'zh-CN/flows.json: entry password-reset: topicEntry: unknown entry id "password-typo"',
    },
    {
      mistake: 'a flow that computes for an entry that does not exist',
      breakIt: (dir) =>
        editJson<{ flows: { alsoComputesFor?: string[] }[] }>(dir, 'en-US/flows.json', (flows) => void (flows.flows[2]!.alsoComputesFor = ['employer-registration-chnage'])),
      expected: 'en-US/flows.json: entry registration-deadline: alsoComputesFor: unknown entry id "employer-registration-chnage"',
    },
    {
      mistake: 'words of the day on a flow that does not start from a day',
      breakIt: (dir) => editJson<{ flows: { dateSubjects?: string[] }[] }>(dir, 'zh-CN/flows.json', (flows) => void (flows.flows[0]!.dateSubjects = ['公司'])),
      expected: 'zh-CN/flows.json: entry password-reset: dateSubjects: needs "startsFromDate": true, or it changes nothing',
    },
    {
      mistake: 'a file that is not JSON',
      breakIt: (dir) => writeFileSync(path.join(dir, 'zh-CN/synonyms.json'), '{ "locale": "zh-CN", '),
      expected: 'zh-CN/synonyms.json: (file): is not valid JSON',
    },
    {
      mistake: 'a missing file',
      breakIt: (dir) => unlinkSync(path.join(dir, 'en-US/handoff.json')),
      expected: 'en-US/handoff.json: (file): file is missing',
    },
    {
      mistake: 'a file in the wrong locale folder',
      breakIt: (dir) => editJson<Json>(dir, 'en-US/outOfScope.json', (file) => void (file.locale = 'zh-CN')),
      expected: 'en-US/outOfScope.json: locale: says "zh-CN" but the file is in the en-US folder',
    },
  ];

  for (const { mistake, breakIt, expected } of cases) {
    it(`names the file, entry and field for ${mistake}`, () => {
      const problems = problemsIn(copy(breakIt));
      expect(problems.some((problem) => problem.startsWith(expected)), problems.join('\n')).to.equal(true);
    });
  }

  it('reports every problem at once, not only the first', () => {
    const dir = copy((target) => {
      for (const { breakIt } of cases.slice(0, 4)) breakIt(target);
    });
    const problems = problemsIn(dir);
    for (const { expected } of cases.slice(0, 4)) expect(problems.some((problem) => problem.startsWith(expected)), expected).to.equal(true);
  });

  it('refuses to load broken content at start-up with a ContentError listing each problem', () => {
    const dir = copy(cases[0]!.breakIt);
    expect(() => loadContent(dir))
      .to.throw(ContentError)
      .with.property('message')
      .that.includes('en-US/faq.json: entry password-kinds: alternates: needs at least 6 alternate phrasings');
  });

  describe('npm run content:check', () => {
    const script = path.join(projectRoot, 'dist/scripts/contentCheck.js');

    it('exits 0 and summarises valid content', async () => {
      const { stdout } = await run(process.execPath, [script]);
      expect(stdout).to.match(/is valid \(zh-CN: \d+ entries/);
    });

    it('exits 1 and prints every problem of broken content', async () => {
      const dir = copy((target) => {
        cases[0]!.breakIt(target);
        cases[1]!.breakIt(target);
      });
      const failure = await run(process.execPath, [script, dir]).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code).to.equal(1);
      expect(failure?.stderr).to.include(cases[0]!.expected).and.to.include(cases[1]!.expected);
    });
  });
});
