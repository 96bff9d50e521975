/**
 * A flag's reason as the admin and the coordinator read it (issue 16 §6): the
 * rule's sentence in their language with the evidence the rule stored — money
 * as tenge, what a text carried, why a report was filed.
 */
import type { TFunction } from "i18next";
import type { Language } from "../i18n/config";
import { formatMoney } from "../i18n/money";
import { PRICE_FACTOR } from "../domain/trust/fraud-rules";
import type { FlagRule } from "../domain/trust/quality-vocabulary";

type Evidence = Record<string, string | number | null>;

const money = (value: string | number | null | undefined, language: Language) => formatMoney(Number(value ?? 0), language);

export function flagReasonText(t: TFunction, rule: FlagRule, evidence: Evidence, language: Language): string {
  switch (rule) {
    case "self_purchase":
      return t(`quality:reason.self_purchase.${String(evidence.how)}`, { ...evidence });
    case "price_outlier":
      return t(`quality:reason.price_outlier.${String(evidence.side)}`, { ...evidence, price: money(evidence.priceTiyn, language), median: money(evidence.medianTiyn, language), factor: PRICE_FACTOR });
    case "payout_destination_changed":
      return t("quality:reason.payout_destination_changed", { ...evidence, amount: money(evidence.amountTiyn, language) });
    case "direct_transfer_listing":
    case "direct_transfer_message":
      return t(`quality:reason.${rule}`, { found: t(`quality:found.${String(evidence.found)}`) });
    case "reported_listing":
    case "reported_review":
      return t(`quality:reason.${rule}`, { reason: t(`storefront:reportReason.${String(evidence.reason)}`) });
    case "review_burst":
      return t("quality:reason.review_burst", { ...evidence });
  }
}
