import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { supportsAdaptiveCards } from '../src/bot/channelCapabilities.js';
import { formatLongDate, parseIsoDate, todayIn } from '../src/dates/calendarDate.js';
import { DEFAULT_TIME_ZONE } from '../src/dates/dateUnderstanding.js';
import type { Catalog } from '../src/i18n/catalog.js';
import type { Locale } from '../src/locale.js';
import { CHECKLIST_ITEMS, missingItems, type ChecklistItem, type ChecklistProgress } from '../src/reimbursement/checklistProgress.js';

/** The name of a checklist item in `locale`. */
export function itemLabel(catalog: Catalog, locale: Locale, item: ChecklistItem): string {
  return catalog.t(locale, `reimbursement.item.${item}`);
}

/** Items joined as a list in `locale` ("发票、身份证" / "receipts, ID card"). */
export function itemList(catalog: Catalog, locale: Locale, items: readonly ChecklistItem[]): string {
  return items.map((item) => itemLabel(catalog, locale, item)).join(catalog.t(locale, 'reimbursement.listSeparator'));
}

/** The treatment date written out with its weekday, if the citizen gave one. */
function treatmentDateLine(catalog: Catalog, locale: Locale, progress: ChecklistProgress): string | undefined {
  const date = progress.treatmentDate === undefined ? undefined : parseIsoDate(progress.treatmentDate);
  return date ? catalog.t(locale, 'reimbursement.treatmentDateLine', { date: formatLongDate(date, locale) }) : undefined;
}

/** The checklist as text: the date, then one line per item, ticked or not. */
export function statusText(catalog: Catalog, locale: Locale, progress: ChecklistProgress): string {
  const lines = CHECKLIST_ITEMS.map((item) =>
    catalog.t(locale, progress.items.includes(item) ? 'reimbursement.lineHave' : 'reimbursement.lineMissing', {
      item: itemLabel(catalog, locale, item),
    }),
  );
  const dateLine = treatmentDateLine(catalog, locale, progress);
  return [...(dateLine ? [dateLine] : []), ...lines].join('\n');
}

/** The day the checklist was begun, as the citizen's calendar shows it. */
export function startedOn(progress: ChecklistProgress, locale: Locale): string {
  return formatLongDate(todayIn(DEFAULT_TIME_ZONE, new Date(progress.startedAt)), locale);
}

/** The closing line: where to take the documents, and what is still missing. */
function submitText(catalog: Catalog, locale: Locale, progress: ChecklistProgress): string {
  const missing = missingItems(progress);
  if (missing.length === 0) return catalog.t(locale, 'reimbursement.summaryReady');
  // The referral comes before the treatment: one not made cannot simply be "got" afterwards, as a lost receipt can.
  if (progress.hadNoReferral === true && missing.includes('referral')) {
    const others = missing.filter((item) => item !== 'referral');
    const key = others.length === 0 ? 'reimbursement.summaryNoReferral' : 'reimbursement.summaryNoReferralAndMissing';
    return catalog.t(locale, key, { items: itemList(catalog, locale, others) });
  }
  return catalog.t(locale, 'reimbursement.summaryMissing', { items: itemList(catalog, locale, missing) });
}

/**
 * The final summary: an Adaptive Card on channels that render cards, the same content as plain text
 * elsewhere. Both say where to submit (the Social Security Bureau).
 */
export function summaryActivity(catalog: Catalog, locale: Locale, progress: ChecklistProgress, channelId: string | undefined): Partial<Activity> {
  const title = catalog.t(locale, 'reimbursement.summaryTitle');
  const submit = submitText(catalog, locale, progress);
  const asText = `${title}\n\n${statusText(catalog, locale, progress)}\n\n${submit}`;
  if (!supportsAdaptiveCards(channelId)) return MessageFactory.text(asText);
  const dateLine = treatmentDateLine(catalog, locale, progress);
  const card = CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.3',
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
      ...(dateLine ? [{ type: 'TextBlock', text: dateLine, isSubtle: true, wrap: true }] : []),
      {
        type: 'FactSet',
        facts: CHECKLIST_ITEMS.map((item) => ({
          title: itemLabel(catalog, locale, item),
          value: catalog.t(locale, progress.items.includes(item) ? 'reimbursement.factHave' : 'reimbursement.factMissing'),
        })),
      },
      { type: 'TextBlock', text: submit, wrap: true },
    ],
  });
  // The same content as `summary`, which a client that cannot show the card (or a screen reader) falls back to.
  return { ...MessageFactory.attachment(card), summary: asText };
}
