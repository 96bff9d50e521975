import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ListingCard } from "../domain/catalog/search.server";
import { listingText } from "../domain/catalog/listing-text";
import type { Language } from "../i18n/config";
import { localized } from "../i18n/localized";
import { photoUrl } from "./photo";
import { formatMoney } from "../i18n/money";
import { CardReputation } from "./reputation";

/**
 * A grid of goods. Thumbnails are the 320 px variant only (DESIGN §6: ≤ 15 KB
 * each, however dense the phone's screen), lazy, with their box reserved so
 * the page does not jump as they arrive.
 */
export function ListingCards({ cards, language, showVillage = true }: { cards: ListingCard[]; language: Language; showVillage?: boolean }) {
  const { t } = useTranslation("storefront");
  return (
    <ul className="goods">
      {cards.map((card) => {
        const title = listingText(card, "title", language);
        return (
          <li key={card.id}>
            <Link to={`/listings/${card.id}`} className="goods-card">
              {card.photoHash ? (
                <img src={photoUrl(card.photoHash, 320)} alt="" width={320} height={240} loading="lazy" decoding="async" />
              ) : (
                <span className="no-photo">{t("card.noPhoto")}</span>
              )}
              <strong lang={title.language === language ? undefined : title.language}>{title.text}</strong>
              <span className="price">
                {t("card.pricePer", { price: formatMoney(card.priceTiyn, language), unit: t(`unit.${card.unit}`) })}
              </span>
              <span className="muted small">
                {card.madeToOrder && card.leadDays
                  ? t("card.madeToOrder", { count: card.leadDays })
                  : card.stock > 0
                    ? t("card.inStock", { count: card.stock })
                    : t("card.soldOut")}
              </span>
              {showVillage ? <span className="muted small">{localized(card.village, "name", language)}</span> : null}
              <CardReputation reputation={card.reputation} language={language} />
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
