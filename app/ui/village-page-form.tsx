import { useTranslation } from "react-i18next";
import { SPECIALTIES } from "~/domain/geo/vocabulary";
import { MAX_STORY, type VillagePageValues } from "~/domain/geo/village-page-rules";
import { CsrfInput } from "./csrf";
import { Field } from "./form";
import { photoUrl } from "./photo";

export interface PagePhotoShown {
  hash: string;
  width: number;
  height: number;
  /** Uploaded in a try that had errors: sent again (hidden) so it is not lost. Otherwise the page's current photo. */
  kept: boolean;
}

const FIELD_ORDER = ["households", "specialty", "storyKk", "storyRu", "storyEn", "photo"] as const;
const STORY_LANGUAGE = { storyKk: "kk", storyRu: "ru", storyEn: "en" } as const;

/**
 * A village's page — households, what it is known for, its story in three
 * languages, a photo — as one multipart form that works without JavaScript.
 * Opening a hub and the coordinator's edit share it.
 */
export function VillagePageForm({
  values,
  errors,
  photo,
  submitLabel,
  intent,
  removePhoto = false,
}: {
  values: VillagePageValues;
  /** The "take the photo down" box as it was ticked (a try with errors). */
  removePhoto?: boolean;
  /** Field → locale key. */
  errors: Partial<Record<string, string>>;
  photo: PagePhotoShown | null;
  submitLabel: string;
  intent?: string;
}) {
  const { t } = useTranslation("geo");
  const firstInvalid = FIELD_ORDER.find((field) => errors[field]);
  const error = (field: string) => (errors[field] ? t(errors[field]!) : undefined);
  return (
    <form method="post" encType="multipart/form-data" className="form" noValidate>
      <CsrfInput />
      <Field
        name="households"
        label={t("page.households")}
        hint={t("page.householdsHint")}
        inputMode="numeric"
        defaultValue={values.households}
        error={error("households")}
        autoFocus={firstInvalid === "households"}
        maxLength={12}
        required
      />
      <div className="field">
        <label htmlFor="specialty">{t("page.specialty")}</label>
        <select
          id="specialty"
          name="specialty"
          defaultValue={values.specialty ?? ""}
          aria-invalid={errors.specialty ? true : undefined}
          aria-describedby={errors.specialty ? "specialty-error" : undefined}
          autoFocus={firstInvalid === "specialty"}
        >
          <option value="">{t("page.noSpecialty")}</option>
          {SPECIALTIES.map((specialty) => (
            <option key={specialty} value={specialty}>
              {t(`specialty.${specialty}`)}
            </option>
          ))}
        </select>
        {errors.specialty ? (
          <p id="specialty-error" className="field-error">
            {error("specialty")}
          </p>
        ) : null}
      </div>
      <p className="hint">{t("page.storyHint", { max: MAX_STORY })}</p>
      {(["storyKk", "storyRu", "storyEn"] as const).map((field) => (
        <Field
          key={field}
          name={field}
          label={t(`page.${field}`)}
          lang={STORY_LANGUAGE[field]}
          multiline
          rows={5}
          defaultValue={values[field]}
          error={error(field)}
          autoFocus={firstInvalid === field}
          maxLength={MAX_STORY + 200}
        />
      ))}
      <div className="field">
        <label htmlFor="photos">{t("page.photo")}</label>
        <p id="photos-hint" className="hint">
          {t("page.photoHint")}
        </p>
        {photo ? (
          <figure className="listing-photo">
            <img src={photoUrl(photo.hash, 320)} width={Math.min(photo.width, 320)} height={Math.round((photo.height * Math.min(photo.width, 320)) / photo.width)} alt={t(photo.kept ? "page.keptPhoto" : "page.currentPhoto")} />
            <figcaption className="muted small">{t(photo.kept ? "page.keptPhoto" : "page.currentPhoto")}</figcaption>
          </figure>
        ) : null}
        {photo?.kept ? <input type="hidden" name="kept" value={photo.hash} /> : null}
        <input
          id="photos"
          name="photos"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
          aria-invalid={errors.photo ? true : undefined}
          aria-describedby={`photos-hint${errors.photo ? " photos-error" : ""}`}
          autoFocus={firstInvalid === "photo"}
        />
        {errors.photo ? (
          <p id="photos-error" className="field-error">
            {error("photo")}
          </p>
        ) : null}
        {photo && !photo.kept ? (
          <label className="check">
            <input type="checkbox" name="removePhoto" defaultChecked={removePhoto} /> {t("page.removePhoto")}
          </label>
        ) : null}
      </div>
      <button type="submit" className="button" name="intent" value={intent}>
        {submitLabel}
      </button>
    </form>
  );
}
