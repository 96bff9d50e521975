import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listingText } from "../domain/catalog/listing-text";
import type { Language } from "../i18n/config";
import { CsrfInput } from "./csrf";
import { FormMessage } from "./form";
import { photoSrc } from "./listing-form";

export interface ListingRowView {
  id: number;
  language: Language;
  titleKk: string | null;
  titleRu: string | null;
  titleEn: string | null;
  priceText: string;
  unit: string;
  stock: number;
  madeToOrder: boolean;
  status: string;
  removedReason: string | null;
  photoHash: string | null;
  sellerName?: string | null;
}

export interface QuickProblem {
  listingId: number;
  price: string;
  stock: string;
  errors: Partial<Record<string, string>>;
  formError?: string;
}

/**
 * A seller's (or a village's) listings, each with a small form to change price
 * and stock in place: one tap, no page in between, no JavaScript.
 */
export function ListingRows({
  listings,
  language,
  quick,
  editPath,
  assisted = false,
}: {
  listings: ListingRowView[];
  language: Language;
  quick?: QuickProblem;
  editPath: (id: number) => string;
  assisted?: boolean;
}) {
  const { t } = useTranslation("catalog");
  return (
    <ul className="listing-rows">
      {listings.map((listing) => {
        const title = listingText(listing, "title", language);
        const problem = quick?.listingId === listing.id ? quick : undefined;
        const field = (name: "price" | "stock") => `${name}-${listing.id}`;
        const err = (name: string) => (problem?.errors[name] ? t(problem.errors[name]!) : undefined);
        return (
          <li key={listing.id} id={`listing-${listing.id}`} className="panel listing-row">
            <div className="listing-row-head">
              {listing.photoHash ? (
                <img src={photoSrc(listing.photoHash)} alt="" width={64} height={64} loading="lazy" />
              ) : (
                <span className="row-no-photo">{t("list.noPhoto")}</span>
              )}
              <div>
                <h2 className="listing-row-title">
                  <Link to={editPath(listing.id)} lang={title.language}>
                    {title.text}
                  </Link>
                </h2>
                <p className="muted">
                  <span className={`status status-${listing.status}`}>{t(`status.${listing.status}`)}</span>
                  {listing.madeToOrder ? ` · ${t("list.madeToOrder")}` : null}
                  {listing.sellerName ? ` · ${t("coordinator.sellerOf", { name: listing.sellerName })}` : null}
                </p>
                {listing.removedReason ? <p className="muted">{t("list.removedReason", { reason: listing.removedReason })}</p> : null}
              </div>
            </div>
            {listing.status === "removed" ? null : (
              <form method="post" className="quick" aria-label={t("list.saveQuick")}>
                <CsrfInput />
                <input type="hidden" name="id" value={listing.id} />
                {problem?.formError ? <FormMessage>{t(problem.formError)}</FormMessage> : null}
                <div className="field">
                  <label htmlFor={field("price")}>
                    {t("list.price")} <span className="muted">({t(`unitPer.${listing.unit}`)})</span>
                  </label>
                  <input
                    id={field("price")}
                    name="price"
                    type="text"
                    inputMode="decimal"
                    maxLength={20}
                    defaultValue={problem ? problem.price : listing.priceText}
                    aria-invalid={err("price") ? true : undefined}
                    aria-describedby={err("price") ? `${field("price")}-error` : undefined}
                    autoFocus={Boolean(err("price"))}
                  />
                  {err("price") ? (
                    <p id={`${field("price")}-error`} className="field-error">
                      {err("price")}
                    </p>
                  ) : null}
                </div>
                <div className="field">
                  <label htmlFor={field("stock")}>{t("list.stock")}</label>
                  <input
                    id={field("stock")}
                    name="stock"
                    type="text"
                    inputMode="numeric"
                    maxLength={6}
                    defaultValue={problem ? problem.stock : String(listing.stock)}
                    aria-invalid={err("stock") ? true : undefined}
                    aria-describedby={err("stock") ? `${field("stock")}-error` : undefined}
                    autoFocus={!err("price") && Boolean(err("stock"))}
                  />
                  {err("stock") ? (
                    <p id={`${field("stock")}-error`} className="field-error">
                      {err("stock")}
                    </p>
                  ) : null}
                </div>
                {assisted ? (
                  <div className="field quick-consent">
                    <label htmlFor={`consent-${listing.id}`}>{t("form.consentNote")}</label>
                    <input
                      id={`consent-${listing.id}`}
                      name="consentNote"
                      type="text"
                      maxLength={500}
                      aria-invalid={err("consentNote") ? true : undefined}
                      aria-describedby={err("consentNote") ? `consent-${listing.id}-error` : undefined}
                    />
                    {err("consentNote") ? (
                      <p id={`consent-${listing.id}-error`} className="field-error">
                        {err("consentNote")}
                      </p>
                    ) : null}
                  </div>
                ) : null}
                <button type="submit" className="button small">
                  {t("list.saveQuick")}
                </button>
              </form>
            )}
          </li>
        );
      })}
    </ul>
  );
}
