import { CHECKLIST_ITEMS, type ChecklistItem } from '../src/reimbursement/checklistProgress.js';
import type { TermHit } from '../src/text/termMatcher.js';
import type { StepAnswer } from './stepPrompt.js';
import type { ChecklistTerm, WalkthroughTerms } from './walkthroughTerms.js';

/** What one message says about the checklist. */
export interface ChecklistUpdate {
  /** Items the citizen says they have. */
  have: ChecklistItem[];
  /** Items the citizen says they do not have (unticked if they were ticked). */
  missing: ChecklistItem[];
  /** "That's all", "none of them": give the summary now. */
  isDone: boolean;
}

// Sentence punctuation, and the Chinese comma, which in chat usually separates clauses ("发票有了，身份证没带").
// The English comma is left alone: it mostly separates items of one list ("no receipts, ID or bank card").
const CLAUSE_PUNCTUATION = /[。.!?！？;；\n，]/;

function itemOf(hit: TermHit<ChecklistTerm>): ChecklistItem | undefined {
  return hit.key.startsWith('item:') ? (hit.key.slice('item:'.length) as ChecklistItem) : undefined;
}

interface ClauseReading {
  have: ChecklistItem[];
  missing: ChecklistItem[];
  isAll: boolean;
  isNone: boolean;
}

/**
 * Reads one clause. Items after "except"/"除了" (up to "以外") are missing. A negation ("not", "没带")
 * applies to the items after it, or, when none follow, to those before it ("身份证还没有"). "All of
 * them" means every item; "都有了" means every item only after an exception ("除了银行卡都有了").
 */
function readClause(hits: TermHit<ChecklistTerm>[]): ClauseReading {
  const reading: ClauseReading = { have: [], missing: [], isAll: false, isNone: false };
  // "发票和身份证都没有": "none" after items negates them, as "没有" would.
  const isNegating = (hit: TermHit<ChecklistTerm>) => hit.key === 'negation' || hit.key === 'none';
  const hasNegation = hits.some(isNegating);
  const hasException = hits.some((hit) => hit.key === 'except');
  const lastNegation = hits.findLastIndex(isNegating);
  const hasItemAfterNegation = hits.slice(lastNegation + 1).some((hit) => itemOf(hit) !== undefined);
  let isExcepted = false;
  let isNegated = false;
  let saysOthersAreThere = false;
  for (const [index, hit] of hits.entries()) {
    switch (hit.key) {
      case 'except':
        isExcepted = true;
        break;
      case 'exceptEnd':
        isExcepted = false;
        break;
      case 'negation':
        isNegated = true;
        break;
      case 'all':
        reading.isAll = true;
        break;
      case 'allOthersHave':
        saysOthersAreThere = true;
        break;
      case 'allAfterException':
        if (hasException) reading.isAll = true;
        break;
      case 'none':
        reading.isNone = true;
        isNegated = true;
        break;
      case 'clauseBreak':
      case 'have':
      case 'neutral':
        break;
      default: {
        const item = itemOf(hit);
        if (item === undefined) break;
        const isBeforeTrailingNegation = hasNegation && !hasItemAfterNegation && index < lastNegation;
        const isMissing = isExcepted || isNegated || isBeforeTrailingNegation;
        (isMissing ? reading.missing : reading.have).push(item);
      }
    }
  }
  // "其他都没有": an "all" that is negated means the listed exceptions are all there is.
  if (reading.isAll && hasNegation && !hasException) {
    reading.isAll = false;
    reading.isNone = reading.have.length === 0 && reading.missing.length === 0;
  }
  // "清单还没打 别的都齐了": the others are there whatever the clause says is missing.
  if (saysOthersAreThere) reading.isAll = true;
  return reading;
}

/**
 * Splits at punctuation, at words such as "但是" that start a new clause, and after words that say the items
 * before them are there ("银行卡也有 | 清单没有", "发票都有 | 身份证没带").
 */
function clausesOf(terms: WalkthroughTerms, text: string): TermHit<ChecklistTerm>[][] {
  const clauses: TermHit<ChecklistTerm>[][] = [];
  for (const piece of text.split(CLAUSE_PUNCTUATION)) {
    let current: TermHit<ChecklistTerm>[] = [];
    for (const hit of terms.checklist.find(piece)) {
      if (hit.key === 'neutral') continue;
      if (hit.key === 'clauseBreak') {
        clauses.push(current);
        current = [];
      } else if (hit.key === 'have' || hit.key === 'allAfterException' || hit.key === 'allOthersHave') {
        current.push(hit);
        clauses.push(current);
        current = [];
      } else {
        current.push(hit);
      }
    }
    clauses.push(current);
  }
  return clauses.filter((clause) => clause.length > 0);
}

/**
 * Whether a message says anything about having the items (有了, 没带, all, none, except, that's all) besides naming
 * them: "用别人的银行卡可以吗" names the bank card and asks about it, but says nothing about having one.
 */
export function saysWhatIsHad(terms: WalkthroughTerms, text: string): boolean {
  if (terms.checklistDone.wholeMessage(text) !== undefined) return true;
  return terms.checklist.find(text).some((hit) => itemOf(hit) === undefined && hit.key !== 'neutral' && hit.key !== 'clauseBreak');
}

/**
 * Reads which checklist items a free-text message says the citizen has or lacks, several at once:
 * "发票和身份证都有了", "all of them except the bank card", "病历本 身份证 银行卡都带了".
 * Reason `noItems` when it names none.
 */
export function readChecklistAnswer(terms: WalkthroughTerms, text: string): StepAnswer<ChecklistUpdate> {
  if (terms.checklistDone.wholeMessage(text) !== undefined) return { isValid: true, value: { have: [], missing: [], isDone: true } };
  const have = new Set<ChecklistItem>();
  const missing = new Set<ChecklistItem>();
  const clauses = clausesOf(terms, text);
  // "都有了", "齐了", "啥都有" with no item, exception or negation named: every item is there.
  const hits = clauses.flat();
  const saysAllAlone =
    hits.some((hit) => hit.key === 'allAfterException') &&
    hits.every((hit) => itemOf(hit) === undefined && hit.key !== 'negation' && hit.key !== 'none' && hit.key !== 'except');
  let isAll = saysAllAlone;
  let isNone = false;
  for (const clause of clauses) {
    const reading = readClause(clause);
    for (const item of reading.have) have.add(item);
    for (const item of reading.missing) missing.add(item);
    isAll ||= reading.isAll;
    isNone ||= reading.isNone;
  }
  if (isAll) for (const item of CHECKLIST_ITEMS) if (!missing.has(item)) have.add(item);
  for (const item of missing) have.delete(item);
  if (have.size === 0 && missing.size === 0) {
    return isNone ? { isValid: true, value: { have: [], missing: [], isDone: true } } : { isValid: false, reason: 'noItems' };
  }
  const inOrder = (set: Set<ChecklistItem>) => CHECKLIST_ITEMS.filter((item) => set.has(item));
  return { isValid: true, value: { have: inOrder(have), missing: inOrder(missing), isDone: false } };
}
