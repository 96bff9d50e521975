import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Language } from "../i18n/config";
import { LanguageSwitcher } from "./language-switcher";

/** The signed-in person as the shell shows them, and which areas their roles open. */
export interface ShellUser {
  name: string;
  seller: boolean;
  coordinator: boolean;
  operator: boolean;
  analyst?: boolean;
  admin: boolean;
}

/** The frame of every page: the hub's name, navigation, language switcher, footer. */
export function Shell({ language, path, user, children }: { language: Language; path: string; user: ShellUser | null; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip" href="#main">
        {t("hub.skipToContent")}
      </a>
      <header className="top">
        <div className="wrap top-row">
          <Link to="/" className="brand">
            <span className="brand-name">{t("hub.name")}</span>
            <span className="brand-tagline">{t("hub.tagline")}</span>
          </Link>
          <LanguageSwitcher current={language} redirectTo={path} />
        </div>
        <nav className="wrap nav" aria-label={t("nav.label")}>
          <Link to="/">{t("nav.home")}</Link>
          <Link to="/about">{t("nav.about")}</Link>
          <Link to="/cart">{t("orders:nav.cart")}</Link>
          {user ? (
            <>
              <Link to="/orders">{t("orders:nav.orders")}</Link>
              <Link to="/inbox">{t("trust:inbox.nav")}</Link>
              {user.seller ? <Link to="/seller">{t("nav.seller")}</Link> : null}
              {user.coordinator ? <Link to="/coordinator">{t("nav.coordinator")}</Link> : null}
              {user.operator ? <Link to="/operator">{t("logistics:operator.nav")}</Link> : null}
              {user.analyst ? <Link to="/insights">{t("analytics:nav")}</Link> : null}
              {user.admin ? <Link to="/admin">{t("nav.admin")}</Link> : null}
              <Link to="/profile" className="nav-user">
                {user.name || t("nav.profile")}
              </Link>
            </>
          ) : (
            <Link to={path.startsWith("/signin") ? "/signin" : `/signin?redirectTo=${encodeURIComponent(path)}`} className="nav-user">
              {t("nav.signIn")}
            </Link>
          )}
        </nav>
      </header>
      <main id="main" className="wrap">
        {children}
      </main>
      <footer className="wrap foot">
        <p>{t("footer.text")}</p>
        <p>
          <Link to="/pickup-points">{t("orders:nav.pickupPoints")}</Link>
        </p>
        <p>{t("footer.demoNote")}</p>
      </footer>
    </>
  );
}
