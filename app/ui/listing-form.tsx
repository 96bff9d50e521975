import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { MAX_LISTING_PHOTOS } from "../domain/catalog/listing-rules";
import { LISTING_UNITS, WEIGHT_CLASSES } from "../domain/catalog/vocabulary";
import { LANGUAGES, type Language } from "../i18n/config";
import { CsrfInput } from "./csrf";
import { FormMessage } from "./form";
import { refusalKey } from "../i18n/refusals";

export interface CategoryChoice {
  id: number;
  name: string;
  depth: number;
}

export interface KeptPhoto {
  hash: string;
}

export interface PhotoProblemView {
  name: string;
  reason: string;
}

export type Values = Partial<Record<string, string>>;
export type Errors = Partial<Record<string, string>>;

/** The order fields are checked in, so the first invalid one gets the focus. */
const FIELD_ORDER = ["seller", "consentNote", "language", "title", "description", "categoryId", "price", "unit", "stock", "weightClass", "leadDays", "photos"];

export function firstInvalid(errors: Errors): string | undefined {
  return FIELD_ORDER.find((field) => errors[field]) ?? Object.keys(errors)[0];
}

export function photoSrc(hash: string, width: 320 | 640 | 1280 = 320): string {
  return `/photos/${hash}-${width}.webp`;
}

function describedBy(name: string, hint: boolean, error: boolean): string | undefined {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** A labelled control with its hint and translated error tied to it (aria-invalid, aria-describedby). */
export function Control({
  name,
  label,
  hint,
  error,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (aria: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p id={`${name}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {children({ id: name, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(name, Boolean(hint), Boolean(error)) })}
      {error ? (
        <p id={`${name}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The photo picker: photos kept from before, the file input, and what was wrong with refused files. */
export function PhotoPicker({
  kept,
  problems,
  error,
  room,
  label,
}: {
  kept: KeptPhoto[];
  problems: PhotoProblemView[];
  error?: string;
  room: number;
  label: string;
}) {
  const { t } = useTranslation("catalog");
  return (
    <Control name="photos" label={label} hint={t("form.photosHint")} error={error}>
      {(aria) => (
        <>
          {kept.length > 0 ? (
            <div className="kept" data-kept>
              <p className="notice">{t("form.photosKept")}</p>
              <ul className="thumbs">
                {kept.map((photo, index) => (
                  <li key={photo.hash}>
                    <input type="hidden" name="kept" value={photo.hash} />
                    <img src={photoSrc(photo.hash)} alt={t("edit.photoAlt", { position: index + 1 })} width={96} height={96} />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {problems.length > 0 ? (
            <>
              <ul className="photo-problems" id="photos-problems">
                {problems.map((problem, index) => (
                  <li key={index} className="field-error">
                    {t("form.photoProblem", { name: problem.name || "—", reason: t(refusalKey(problem.reason)) })}
                  </li>
                ))}
              </ul>
              <p className="hint">{t("form.photosAgain")}</p>
            </>
          ) : null}
          <input {...aria} type="file" multiple accept="image/jpeg,image/png,image/webp,image/heic,image/heif" disabled={room <= 0} />
        </>
      )}
    </Control>
  );
}

/**
 * Where the work areas' script (app/offline/photo-upload.ts) shows upload
 * progress with JavaScript on: hidden until then, with its translated lines.
 */
export function UploadStatus() {
  const { t } = useTranslation("catalog");
  const slots = { current: "{{current}}", total: "{{total}}", percent: "{{percent}}" };
  const strings = {
    preparing: t("upload.preparing", slots),
    progress: t("upload.progress", slots),
    busy: t("upload.busy", slots),
    done: t("upload.done"),
    failed: t("upload.failed"),
    network: t("upload.network"),
    problem: t("form.photoProblem", { name: "{{name}}", reason: "{{reason}}" }),
  };
  return <div className="upload-status" role="status" aria-live="polite" data-upload-status data-strings={JSON.stringify(strings)} hidden />;
}

export interface ListingFormProps {
  mode: "new" | "edit";
  values: Values;
  errors: Errors;
  categories: CategoryChoice[];
  kept: KeptPhoto[];
  photoProblems: PhotoProblemView[];
  /** Photos the listing may still take. */
  photoRoom: number;
  /** Assisted selling: the consent note is asked for. */
  assisted: boolean;
  /** When there is a choice of shop or seller: the select's options. */
  sellerChoices?: { id: number; name: string }[];
  sellerLabel?: string;
  /** A refusal not tied to a field, already translated. */
  formError?: string;
  /** Where the page's script uploads photos one by one. */
  uploadUrl: string;
  readerLanguage: Language;
}

/**
 * The listing form, one column for a 360 px phone. A plain multipart POST
 * form that works without JavaScript; with it, the work areas' script
 * downscales and uploads the photos first, with progress (app/offline/photo-upload.ts).
 */
export function ListingForm(props: ListingFormProps) {
  const { t } = useTranslation("catalog");
  const { values, errors } = props;
  const focus = firstInvalid(errors);
  const err = (name: string) => (errors[name] ? t(errors[name]!) : undefined);
  const language = (LANGUAGES as readonly string[]).includes(values.language ?? "") ? (values.language as Language) : props.readerLanguage;
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <form
      method="post"
      encType="multipart/form-data"
      className="form listing-form"
      noValidate
      data-offline={props.mode === "new" ? "queue" : undefined}
      data-offline-label={t("offline:label.newListing")}
      data-offline-upload={props.uploadUrl}
    >
      <CsrfInput />
      {hasErrors ? <FormMessage>{t("form.fixErrors")}</FormMessage> : null}
      {props.formError ? <FormMessage>{props.formError}</FormMessage> : null}
      {props.sellerChoices ? (
        <Control name="seller" label={props.sellerLabel ?? t("form.seller")} error={err("seller")}>
          {(aria) => (
            <select {...aria} defaultValue={values.seller ?? ""} required autoFocus={focus === "seller"}>
              {props.sellerChoices!.length > 1 ? <option value="">{t("form.sellerChoose")}</option> : null}
              {props.sellerChoices!.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Control>
      ) : null}
      {props.assisted ? (
        <Control name="consentNote" label={t("form.consentNote")} hint={t("form.consentNoteHint")} error={err("consentNote")}>
          {(aria) => <textarea {...aria} rows={2} maxLength={500} defaultValue={values.consentNote ?? ""} required autoFocus={focus === "consentNote"} />}
        </Control>
      ) : null}
      <Control name="title" label={t("form.title")} hint={t("form.titleHint")} error={err("title")}>
        {(aria) => <input {...aria} type="text" maxLength={100} defaultValue={values.title ?? ""} required autoFocus={focus === "title"} />}
      </Control>
      <Control name="language" label={t("form.language")} error={err("language")}>
        {(aria) => (
          <select {...aria} defaultValue={language} autoFocus={focus === "language"}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Control>
      <Control name="categoryId" label={t("form.category")} error={err("categoryId")}>
        {(aria) => (
          <select {...aria} defaultValue={values.categoryId ?? ""} required autoFocus={focus === "categoryId"}>
            <option value="">{t("form.categoryChoose")}</option>
            {props.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {"\u00a0\u00a0".repeat(c.depth) + c.name}
              </option>
            ))}
          </select>
        )}
      </Control>
      <div className="pair">
        <Control name="price" label={t("form.price")} hint={t("form.priceHint")} error={err("price")}>
          {(aria) => <input {...aria} type="text" inputMode="decimal" maxLength={20} defaultValue={values.price ?? ""} required autoFocus={focus === "price"} />}
        </Control>
        <Control name="unit" label={t("form.unit")} error={err("unit")}>
          {(aria) => (
            <select {...aria} defaultValue={values.unit ?? "piece"} autoFocus={focus === "unit"}>
              {LISTING_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`unit.${u}`)}
                </option>
              ))}
            </select>
          )}
        </Control>
      </div>
      <Control name="stock" label={t("form.stock")} hint={t("form.stockHint")} error={err("stock")}>
        {(aria) => <input {...aria} type="text" inputMode="numeric" maxLength={6} defaultValue={values.stock ?? "1"} required autoFocus={focus === "stock"} />}
      </Control>
      <Control name="weightClass" label={t("form.weightClass")} error={err("weightClass")}>
        {(aria) => (
          <select {...aria} defaultValue={values.weightClass ?? "upTo15kg"} autoFocus={focus === "weightClass"}>
            {WEIGHT_CLASSES.map((w) => (
              <option key={w} value={w}>
                {t(`weight.${w}`)}
              </option>
            ))}
          </select>
        )}
      </Control>
      <div className="field">
        <label className="check">
          <input type="checkbox" name="madeToOrder" defaultChecked={values.madeToOrder === "on"} /> {t("form.madeToOrder")}
        </label>
      </div>
      <Control name="leadDays" label={t("form.leadDays")} hint={t("form.leadDaysHint")} error={err("leadDays")}>
        {(aria) => <input {...aria} type="text" inputMode="numeric" maxLength={3} defaultValue={values.leadDays ?? ""} autoFocus={focus === "leadDays"} />}
      </Control>
      <PhotoPicker
        kept={props.kept}
        problems={props.photoProblems}
        error={err("photos")}
        room={props.photoRoom - props.kept.length}
        label={props.mode === "new" ? t("form.photos") : t("edit.addPhotos")}
      />
      <Control name="description" label={t("form.description")} hint={t("form.descriptionHint")} error={err("description")}>
        {(aria) => <textarea {...aria} rows={4} maxLength={2000} defaultValue={values.description ?? ""} autoFocus={focus === "description"} />}
      </Control>
      <details open={LANGUAGES.some((l) => l !== language && (values[`title_${l}`] || values[`description_${l}`] || errors[`title_${l}`]))}>
        <summary>{t("form.translations")}</summary>
        <p className="hint">{t("form.translationsHint")}</p>
        {LANGUAGES.filter((l) => l !== language).map((l) => (
          <div key={l}>
            <Control name={`title_${l}`} label={t("form.titleIn", { language: t(`language.${l}`) })} error={err(`title_${l}`)}>
              {(aria) => <input {...aria} type="text" maxLength={100} lang={l} defaultValue={values[`title_${l}`] ?? ""} />}
            </Control>
            <Control name={`description_${l}`} label={t("form.descriptionIn", { language: t(`language.${l}`) })} error={err(`description_${l}`)}>
              {(aria) => <textarea {...aria} rows={3} maxLength={2000} lang={l} defaultValue={values[`description_${l}`] ?? ""} />}
            </Control>
          </div>
        ))}
      </details>
      <UploadStatus />
      <div className="actions">
        {props.mode === "new" ? (
          <>
            <button type="submit" name="intent" value="publish" className="button">
              {t("form.publish")}
            </button>
            <button type="submit" name="intent" value="draft" className="button secondary">
              {t("form.saveDraft")}
            </button>
          </>
        ) : (
          <button type="submit" name="intent" value="save" className="button">
            {t("form.save")}
          </button>
        )}
      </div>
    </form>
  );
}

export const MAX_PHOTOS = MAX_LISTING_PHOTOS;
