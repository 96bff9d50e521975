import { useTranslation } from "react-i18next";
import { WEEKDAYS } from "~/domain/logistics/delivery-route";
import type { Language } from "~/i18n/config";
import { formatMoney } from "~/i18n/money";

const CLASSES = ["upTo15kg", "15to50kg", "over50kg"] as const;

/** "Leaves on: Mon, Thu · 2 days on the way" (the lanes page and a shipment's lane). */
export function LaneSchedule({ weekdays, transitDays }: { weekdays: number; transitDays: number }) {
  const { t } = useTranslation("logistics");
  const days = WEEKDAYS.filter((_, i) => weekdays & (1 << i)).map((d) => t(`weekday.${d}`));
  return (
    <>
      {t("lanes.days")}: {days.join(", ")} · {t("lanes.transit", { count: transitDays })}
    </>
  );
}

/** The lane a shipment rides: its carrier, days, time on the way and tariff per weight class (shipment page, manifest). */
export function LaneTariffs({ lane, language }: { lane: { carrierName: string; weekdays: number; transitDays: number; tariffs: Record<(typeof CLASSES)[number], number | null> }; language: Language }) {
  const { t } = useTranslation("logistics");
  return (
    <section aria-labelledby="shipment-lane">
      <h2 id="shipment-lane">{t("shipping.laneTitle", { carrier: lane.carrierName })}</h2>
      <p className="small">
        <LaneSchedule weekdays={lane.weekdays} transitDays={lane.transitDays} />
      </p>
      <dl className="facts">
        {CLASSES.map((c) => (
          <div key={c}>
            <dt>{t(`catalog:weight.${c}`)}</dt>
            <dd>{lane.tariffs[c] === null ? t("lanes.notCarried") : formatMoney(lane.tariffs[c], language)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
