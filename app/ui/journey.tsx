import { useTranslation } from "react-i18next";
import type { Language } from "~/i18n/config";
import { formatDate, formatDateTime } from "~/i18n/format";

export interface JourneyStep {
  handover: string;
  holder: string;
  holderName: string;
  at: string | number | Date;
  shipmentId: number | null;
  carrierName: string | null;
  expectedArrivalAt: string | number | Date | null;
}

/**
 * A parcel's journey (issue 17 §4–5): each handover with who held it from then, the carrier and
 * expected arrival of each shipment leg, and who holds it now (the last step).
 */
export function Journey({ code, steps, language }: { code: string | null; steps: JourneyStep[]; language: Language }) {
  const { t } = useTranslation("logistics");
  if (steps.length === 0 && !code) return null;
  const last = steps.at(-1);
  return (
    <section aria-labelledby="journey-title">
      <h2 id="journey-title">{t("journey.title")}</h2>
      {code ? (
        <p>
          {t("journey.code")}: <strong className="parcel-code">{code}</strong>
        </p>
      ) : null}
      {last ? <p>{t("journey.now", { holder: holderText(t, last) })}</p> : null}
      <ol className="journey">
        {steps.map((step, i) => (
          <li key={i}>
            <span className="muted small">{formatDateTime(new Date(step.at), language)}</span> — {t(`journey.handover.${step.handover}`)}: {holderText(t, step)}
            {step.handover === "depart" && step.expectedArrivalAt ? ` · ${t("journey.expected", { date: formatDate(new Date(step.expectedArrivalAt), language) })}` : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function holderText(t: (key: string, vars?: Record<string, string>) => string, step: JourneyStep): string {
  return t(`journey.holder.${step.holder}`, { name: step.holderName });
}
