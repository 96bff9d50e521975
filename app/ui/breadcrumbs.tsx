import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Where the page sits in region → district → village; the last crumb is the page itself. */
export function Breadcrumbs({ trail }: { trail: { to: string; label: string }[] }) {
  const { t } = useTranslation("geo");
  return (
    <nav aria-label={t("breadcrumb")} className="crumbs">
      <ol>
        {trail.map((crumb, i) => (
          <li key={crumb.to}>
            {i < trail.length - 1 ? <Link to={crumb.to}>{crumb.label}</Link> : <span aria-current="page">{crumb.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}
