import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

export interface ShareData {
  url: string;
  text: string;
  qrSvg: string;
}

/** Plain links to the messengers' own share pages: nothing is loaded from them until a person taps. */
export function shareLinks(share: { url: string; text: string }) {
  return {
    whatsapp: `https://wa.me/?text=${encodeURIComponent(`${share.text} ${share.url}`)}`,
    telegram: `https://t.me/share/url?url=${encodeURIComponent(share.url)}&text=${encodeURIComponent(share.text)}`,
  };
}

/** A QR code drawn on the server (app/web/share.server.ts), with a name for screen readers. */
export function QrCode({ svg, label, className = "qr" }: { svg: string; label: string; className?: string }) {
  return <div className={className} role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}

/**
 * The share block of the seller's screens (issue 19 §3): the address in a plain
 * input to copy (a Copy button too, once the page's script runs), WhatsApp and
 * Telegram links, a QR code, and where to print it.
 */
export function ShareBlock({ id, share, heading, printHref, level = 2 }: { id: string; share: ShareData; heading: string; printHref?: string; level?: 2 | 3 }) {
  const Heading = level === 3 ? "h3" : "h2";
  const { t } = useTranslation("storefront");
  const links = shareLinks(share);
  const [scripted, setScripted] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setScripted(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  const copy = () => {
    void navigator.clipboard.writeText(share.url).then(() => setCopied(true));
  };
  return (
    <section className="panel share" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`}>{heading}</Heading>
      <div className="field">
        <label htmlFor={`${id}-url`}>{t("share.link")}</label>
        <div className="share-row">
          <input id={`${id}-url`} type="url" readOnly value={share.url} className="share-url" />
          {scripted ? (
            <button type="button" className="button secondary small" onClick={copy}>
              {copied ? t("share.copied") : t("share.copy")}
            </button>
          ) : null}
        </div>
      </div>
      <p className="actions">
        <a className="button secondary small" href={links.whatsapp} rel="noopener noreferrer" target="_blank">
          {t("share.whatsapp")}
        </a>{" "}
        <a className="button secondary small" href={links.telegram} rel="noopener noreferrer" target="_blank">
          {t("share.telegram")}
        </a>
      </p>
      <figure className="share-qr">
        <QrCode svg={share.qrSvg} label={t("share.qrLabel", { url: share.url })} />
        <figcaption className="muted small">{t("share.qrHint")}</figcaption>
      </figure>
      {printHref ? (
        <p>
          <Link to={printHref}>{t("share.print")}</Link>
        </p>
      ) : null}
    </section>
  );
}
