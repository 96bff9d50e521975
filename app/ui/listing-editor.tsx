import { useTranslation } from "react-i18next";
import type { Language } from "../i18n/config";
import { CsrfInput } from "./csrf";
import { FormMessage } from "./form";
import { ListingForm, photoSrc, type CategoryChoice, type Errors, type KeptPhoto, type PhotoProblemView, type Values } from "./listing-form";

export interface EditorData {
  language: Language;
  listingId: number;
  status: string;
  removedReason: string | null;
  /** The status buttons the rules allow from here. */
  statusTargets: string[];
  photos: { id: number; hash: string }[];
  maxPhotos: number;
  values: Values;
  categories: CategoryChoice[];
  /** The date already formatted on the server: the browser's Intl words Kazakh dates differently, and the page hydrates. */
  changes: { id: number; actorUserId: number | null; onBehalf: boolean; consentNote: string | null; atText: string }[];
  done: string | null;
}

export interface EditorFailure {
  values: Values;
  errors: Errors;
  photoProblems: PhotoProblemView[];
  kept: KeptPhoto[];
  formError?: string;
}

/** For assisted selling every small form carries its own consent note. */
function ConsentInput({ id, error }: { id: string; error?: string }) {
  const { t } = useTranslation("catalog");
  return (
    <span className="field inline-consent">
      <label htmlFor={id}>{t("form.consentNote")}</label>
      <input id={id} name="consentNote" type="text" maxLength={500} required aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}

/** The edit screen of one listing: status buttons, photos (remove, reorder), the whole form, the history. */
export function ListingEditor({ data, failed, assisted, uploadUrl, intent }: { data: EditorData; failed?: EditorFailure; assisted: boolean; uploadUrl: string; intent?: string }) {
  const { t } = useTranslation("catalog");
  const consentError = intent !== "save" && failed?.errors.consentNote ? t(failed.errors.consentNote) : undefined;
  const statusVerb = (to: string) => (to === "paused" ? t("edit.pause") : data.status === "paused" ? t("edit.resume") : t("edit.publish"));
  return (
    <>
      {data.done ? <FormMessage tone="ok">{t(`done.${data.done}`)}</FormMessage> : null}
      {failed?.formError && intent !== "save" ? <FormMessage>{t(failed.formError)}</FormMessage> : null}
      <section className="panel" aria-labelledby="status-title">
        <h2 id="status-title">
          {t("edit.status")}: <span className={`status status-${data.status}`}>{t(`status.${data.status}`)}</span>
        </h2>
        {data.status === "removed" ? <p>{t("edit.removed")}</p> : null}
        {data.removedReason ? <p className="muted">{t("list.removedReason", { reason: data.removedReason })}</p> : null}
        {data.statusTargets.map((to) => (
          <form key={to} method="post" className="inline">
            <CsrfInput />
            <input type="hidden" name="intent" value="status" />
            <input type="hidden" name="to" value={to} />
            {assisted ? <ConsentInput id={`consent-status-${to}`} error={intent === "status" ? consentError : undefined} /> : null}
            <button type="submit" className={to === "paused" ? "button secondary" : "button"}>
              {statusVerb(to)}
            </button>
          </form>
        ))}
      </section>
      <section className="panel" aria-labelledby="photos-title">
        <h2 id="photos-title">
          {t("edit.photos")} <span className="muted">{t("edit.photosCount", { count: data.photos.length, max: data.maxPhotos })}</span>
        </h2>
        <ol className="photo-list">
          {data.photos.map((photo, index) => (
            <li key={photo.id}>
              <img src={photoSrc(photo.hash)} alt={t("edit.photoAlt", { position: index + 1 })} width={120} height={120} loading="lazy" />
              {data.status === "removed" ? null : (
                <div className="actions">
                  {(["earlier", "later"] as const).map((direction) =>
                    (direction === "earlier" && index === 0) || (direction === "later" && index === data.photos.length - 1) ? null : (
                      <form key={direction} method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="move-photo" />
                        <input type="hidden" name="photoId" value={photo.id} />
                        <input type="hidden" name="direction" value={direction} />
                        {assisted ? <ConsentInput id={`consent-${direction}-${photo.id}`} /> : null}
                        <button type="submit" className="button small secondary" aria-label={`${t(direction === "earlier" ? "edit.moveEarlier" : "edit.moveLater")}: ${t("edit.photoAlt", { position: index + 1 })}`}>
                          {direction === "earlier" ? "↑ " + t("edit.moveEarlier") : "↓ " + t("edit.moveLater")}
                        </button>
                      </form>
                    ),
                  )}
                  <form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="remove-photo" />
                    <input type="hidden" name="photoId" value={photo.id} />
                    {assisted ? <ConsentInput id={`consent-remove-${photo.id}`} /> : null}
                    <button type="submit" className="button small danger" aria-label={`${t("edit.removePhoto")}: ${t("edit.photoAlt", { position: index + 1 })}`}>
                      {t("edit.removePhoto")}
                    </button>
                  </form>
                </div>
              )}
            </li>
          ))}
        </ol>
      </section>
      {data.status === "removed" ? null : (
        <section aria-labelledby="details-title">
          <h2 id="details-title">{t("edit.details")}</h2>
          <ListingForm
            mode="edit"
            values={intent === "save" && failed ? failed.values : data.values}
            errors={intent === "save" && failed ? failed.errors : {}}
            formError={intent === "save" && failed?.formError ? t(failed.formError) : undefined}
            categories={data.categories}
            kept={failed?.kept ?? []}
            photoProblems={failed?.photoProblems ?? []}
            photoRoom={data.maxPhotos - data.photos.length}
            assisted={assisted}
            uploadUrl={uploadUrl}
            readerLanguage={data.language}
          />
        </section>
      )}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("edit.history")}</h2>
        <ul className="list">
          {data.changes.map((change) => (
            <li key={change.id}>
              {change.atText} · {t("edit.byUser", { id: change.actorUserId ?? "—" })}
              {change.onBehalf ? ` · ${t("edit.assisted", { note: change.consentNote ?? "" })}` : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
