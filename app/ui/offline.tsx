import { useTranslation } from "react-i18next";

export interface WorkAreaOffline {
  /** The area whose manifest the page links: seller, coordinator or operator. */
  area: string;
  /** When the server made this page, in the reader's words (Almaty time). */
  fetchedAt: string;
  /** The offline script's URL; none in development. */
  script?: string;
}

/**
 * The top of a work-area page (issue 20): the saved-copy banner (shown by CSS
 * when the service worker serves the last copy seen), the offline note, and
 * the place the offline script lists what waits to be sent and what the
 * server refused. Its words are here, translated; the script only fills in.
 */
export function OfflinePanel({ fetchedAt, path }: { fetchedAt: string; path: string }) {
  const { t } = useTranslation("offline");
  const strings = {
    waitingTitle: t("queue.title"),
    refusedTitle: t("queue.refusedTitle"),
    sentTitle: t("queue.sentTitle"),
    dismiss: t("queue.dismiss"),
    queued: t("queue.queued"),
    photos: t("queue.photos", { done: "{{done}}", total: "{{total}}", interpolation: { escapeValue: false } }),
    refusedGeneric: t("refused.generic"),
    signIn: t("refused.signIn"),
    needsServer: t("needsServer.handover"),
    needsConnection: t("needsServer.other"),
  };
  return (
    <>
      <p className="saved-copy" role="status">
        {t("banner.saved", { time: fetchedAt })} <a href={path}>{t("banner.reload")}</a>
      </p>
      <p className="offline-note" role="status">
        {t("banner.offline")}
      </p>
      <section id="offline-queue" className="panel offline-queue" aria-live="polite" hidden data-strings={JSON.stringify(strings)} />
    </>
  );
}
