import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FlagRule } from "~/domain/trust/quality-vocabulary";

export interface FlagView {
  rule: FlagRule;
  /** The rule's sentence with its evidence, already worded (web/flag-text.server.ts). */
  reason: string;
  at: string;
  village?: string | null;
  seller: string | null;
  subject: { text: string; href: string | null; hidden: boolean };
  note: string | null;
}

/** A flag as the admins' queue and the coordinator's screen show it: the rule, its reason, where, what about. */
export function FlagSummary({ flag, level }: { flag: FlagView; level: 2 | 3 }) {
  const { t } = useTranslation("quality");
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <>
      <Heading>{t(`rule.${flag.rule}`)}</Heading>
      <p>{flag.reason}</p>
      <p className="muted">
        {flag.at}
        {flag.village ? ` · ${t("queue.village", { name: flag.village })}` : null}
        {flag.seller ? ` · ${t("queue.seller", { name: flag.seller })}` : null}
      </p>
      {flag.subject.text ? (
        <p className="prose">
          {t("queue.about", { text: flag.subject.text })}
          {flag.subject.hidden ? ` (${t("queue.hiddenAlready")})` : null}
          {flag.subject.href ? (
            <>
              {" · "}
              <Link to={flag.subject.href}>{t("queue.open")}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {flag.note ? <p className="prose">{t("queue.decidedNote", { note: flag.note })}</p> : null}
    </>
  );
}
