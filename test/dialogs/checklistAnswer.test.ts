import { expect } from 'chai';
import { readChecklistAnswer } from '../../dialogs/checklistAnswer.js';
import { loadWalkthroughTerms } from '../../dialogs/walkthroughTerms.js';
import { CHECKLIST_ITEMS, type ChecklistItem } from '../../src/reimbursement/checklistProgress.js';

const terms = loadWalkthroughTerms();
const allBut = (...left: ChecklistItem[]) => CHECKLIST_ITEMS.filter((item) => !left.includes(item));

const cases: { text: string; have: ChecklistItem[]; missing?: ChecklistItem[] }[] = [
  { text: '发票和身份证都有了', have: ['receipts', 'idCard'] },
  { text: '病历本 身份证 银行卡都带了', have: ['medicalRecord', 'idCard', 'bankCard'] },
  { text: '除了银行卡都有了', have: allBut('bankCard'), missing: ['bankCard'] },
  { text: '除了银行卡以外都有', have: allBut('bankCard'), missing: ['bankCard'] },
  { text: '全部都有', have: [...CHECKLIST_ITEMS] },
  { text: '发票有了，身份证还没有', have: ['receipts'], missing: ['idCard'] },
  { text: '我有发票没有身份证', have: ['receipts'], missing: ['idCard'] },
  { text: '发票有了但身份证没带', have: ['receipts'], missing: ['idCard'] },
  { text: '发票和身份证都没有', have: [], missing: ['receipts', 'idCard'] },
  { text: '我没带身份证和银行卡', have: [], missing: ['idCard', 'bankCard'] },
  { text: '医保卡和费用明细有了', have: ['expenseList', 'socialSecurityCard'] },
  { text: '转诊备案', have: ['referral'] },
  { text: '医院收费收据（发票）', have: ['receipts'] },
  { text: "I've got the receipts and my ID card", have: ['receipts', 'idCard'] },
  { text: 'all of them except the bank card', have: allBut('bankCard'), missing: ['bankCard'] },
  { text: 'I have everything but the bank card', have: allBut('bankCard'), missing: ['bankCard'] },
  { text: 'I have the receipts but not the ID card', have: ['receipts'], missing: ['idCard'] },
  { text: 'I have the receipts and no ID card', have: ['receipts'], missing: ['idCard'] },
  { text: 'the bank card is missing', have: [], missing: ['bankCard'] },
  { text: 'Medical record book, itemised list and social security card', have: ['medicalRecord', 'expenseList', 'socialSecurityCard'] },
  { text: 'I paid the invoices', have: ['receipts'] },
  { text: 'I have them all', have: [...CHECKLIST_ITEMS] },
  // "有" ends a clause, so the negation after it covers only what follows: two clauses joined by a space.
  { text: '银行卡也有 清单没有', have: ['bankCard'], missing: ['expenseList'] },
  { text: '身份证有 发票没有', have: ['idCard'], missing: ['receipts'] },
  { text: '别的都有 就清单没打', have: allBut('expenseList'), missing: ['expenseList'] },
  { text: '清单还没打 别的都齐了', have: allBut('expenseList'), missing: ['expenseList'] },
  // "Everything" said without naming an item.
  { text: '都有了', have: allBut() },
  { text: '齐了', have: allBut() },
  { text: '啥都有', have: allBut() },
  { text: '发票齐了', have: ['receipts'] },
];

describe('readChecklistAnswer', () => {
  for (const { text, have, missing = [] } of cases) {
    it(`reads "${text}" as having ${have.join(', ') || 'nothing new'}${missing.length ? ` and lacking ${missing.join(', ')}` : ''}`, () => {
      const answer = readChecklistAnswer(terms, text);
      expect(answer).to.deep.equal({ isValid: true, value: { have, missing, isDone: false } });
    });
  }

  for (const text of ['就这些', '先到这里', 'that’s all', "That's all for now", '都没有', 'none of them', '没有']) {
    it(`reads "${text}" as done`, () => {
      expect(readChecklistAnswer(terms, text)).to.deep.equal({ isValid: true, value: { have: [], missing: [], isDone: true } });
    });
  }

  for (const text of ['我明天去', 'did you get it', 'card', '卡', 'social security bureau']) {
    it(`names no item in "${text}"`, () => {
      expect(readChecklistAnswer(terms, text)).to.deep.equal({ isValid: false, reason: 'noItems' });
    });
  }
});
