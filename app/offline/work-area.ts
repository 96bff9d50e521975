/**
 * The work areas' one script (issue 20): small, no framework. It registers
 * the area's service worker, keeps steps taken offline in a queue on the
 * phone, sends them when the connection returns (each with its key, so a
 * resend never acts twice) and shows what waits, what was sent and what the
 * server refused. With JavaScript off none of this runs and the forms post
 * as always. Built by scripts/build-offline.ts.
 */
import { downscale } from "../ui/downscale";
import { enhanceListingForms, fill } from "./photo-upload";
import { forget, forgetAll, keep, queued, type Queued } from "./queue-store";

const AREA = /^\/(seller|coordinator|operator)(\/|$)/;
const SENT_KEY = "auyl-offline-sent";

const root = document.documentElement;
const panel = document.getElementById("offline-queue");
const strings = JSON.parse(panel?.dataset.strings ?? "{}") as Record<string, string>;
/** The lists go in the panel's shadow root: a page that hydrates must find its server markup untouched. */
const SHADOW_STYLE =
  "h2{font-size:1rem;margin:.25rem 0}ul{margin:.25rem 0 .5rem;padding-left:1.25rem}.offline-refused li{color:#8a1c1c}button{font:inherit;margin-left:.25rem}";
const shadow = panel?.attachShadow({ mode: "open" });
if (shadow && "replaceSync" in CSSStyleSheet.prototype) {
  // A constructed sheet: the CSP allows no inline <style>.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(SHADOW_STYLE);
  shadow.adoptedStyleSheets = [sheet];
}
const say = (name: string, values: Record<string, string | number> = {}) => fill(strings[name], values);

function element(tag: string, text?: string, className?: string): HTMLElement {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Labels of steps sent before the page reloaded with the fresh lists: shown once. */
function sentLabels(): string[] {
  return JSON.parse(sessionStorage.getItem(SENT_KEY) ?? "[]") as string[];
}
const sentBefore = sentLabels();
sessionStorage.removeItem(SENT_KEY);

async function render(): Promise<void> {
  if (!panel || !shadow) return;
  const items = await queued();
  const waiting = items.filter((item) => item.state === "waiting");
  const refused = items.filter((item) => item.state === "refused");
  const sent = sentBefore;
  const parts: HTMLElement[] = [];
  const list = (title: string, rows: HTMLElement[], className: string) => {
    if (rows.length === 0) return;
    parts.push(element("h2", title));
    const ul = element("ul", undefined, `list ${className}`);
    ul.append(...rows);
    parts.push(ul);
  };
  list(
    say("waitingTitle"),
    waiting.map((item) => {
      const done = item.photos.filter((photo) => photo.hash).length;
      return element("li", item.photos.length > 0 ? `${item.label} · ${say("photos", { done, total: item.photos.length })}` : item.label);
    }),
    "offline-waiting",
  );
  list(
    say("refusedTitle"),
    refused.map((item) => {
      const row = element("li", `${item.label}: ${item.message ?? say("refusedGeneric")} `);
      const dismiss = element("button", say("dismiss"), "button secondary small");
      dismiss.addEventListener("click", () => void forget(item.key).then(render));
      row.append(dismiss);
      return row;
    }),
    "offline-refused",
  );
  list(say("sentTitle"), sent.map((label) => element("li", label)), "offline-sent");
  shadow.replaceChildren(...parts);
  panel.hidden = parts.length === 0;
}

function showNetwork(): void {
  root.dataset.network = navigator.onLine ? "online" : "offline";
}

/** A note under the form: queued, or why it cannot be done offline. */
function note(form: HTMLFormElement, text: string): void {
  let shown = form.querySelector<HTMLElement>(".offline-form-note");
  if (!shown) {
    shown = element("p", undefined, "form-message offline-form-note");
    shown.setAttribute("role", "status");
    form.append(shown);
  }
  shown.textContent = text;
}

async function enqueue(form: HTMLFormElement, submitter: HTMLElement | null): Promise<void> {
  const data = new FormData(form);
  if (submitter instanceof HTMLButtonElement && submitter.name) data.append(submitter.name, submitter.value);
  const fields: [string, string][] = [];
  const files: File[] = [];
  for (const [name, value] of data) {
    if (typeof value === "string") fields.push([name, value]);
    else if (value.size > 0) files.push(value);
  }
  const photos = await Promise.all(files.map(async (file) => ({ name: file.name, blob: await downscale(file) })));
  const title = fields.find(([name]) => name === "title")?.[1];
  const label = [form.dataset.offlineLabel ?? "", title ?? ""].filter(Boolean).join(": ");
  await keep({ key: crypto.randomUUID(), url: form.dataset.offlineSend ?? form.action, label, fields, photos, uploadUrl: form.dataset.offlineUpload, createdAt: Date.now(), state: "waiting" });
  for (const button of form.querySelectorAll("button")) button.disabled = true;
  note(form, say("queued"));
  await render();
}

window.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    if (new URL(form.action).pathname === "/signout") {
      // Nothing of the person stays on the phone: their queue and saved pages go.
      sessionStorage.removeItem(SENT_KEY);
      void forgetAll();
      void caches.keys().then((names) => Promise.all(names.map((name) => caches.delete(name))));
      return;
    }
    if (navigator.onLine) return;
    // Before the page's own handlers (the listing form's uploads in photo-upload.ts).
    event.preventDefault();
    event.stopImmediatePropagation();
    const mode = form.dataset.offline;
    if (mode === "queue") void enqueue(form, event.submitter);
    else note(form, say(mode === "needs-server" ? "needsServer" : "needsConnection"));
  },
  true,
);

type Sent = "sent" | "network" | { message: string };

/** The token of the page now on screen if it came from the server; else the one the step was taken with. */
function csrfToken(item: Queued): string {
  const live = root.dataset.copy === "live" ? document.querySelector<HTMLInputElement>('input[name="csrf"]')?.value : undefined;
  return live ?? item.fields.find(([name]) => name === "csrf")?.[1] ?? "";
}

async function post(url: string, body: FormData): Promise<Response | "network"> {
  try {
    return await fetch(url, { method: "POST", body, credentials: "same-origin" });
  } catch {
    return "network";
  }
}

/**
 * What a refused send says: the server's words — the JSON answer's, or the
 * form's errors on the page it answered with — else a general line by status.
 */
async function refusal(response: Response): Promise<Sent> {
  if (response.status >= 500) return "network"; // tried again later
  let words: string | undefined;
  if ((response.headers.get("Content-Type") ?? "").includes("json")) {
    const answer = (await response.json()) as { message?: string; error?: string };
    words = answer.message ?? answer.error;
  } else if (response.status < 403) {
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const errors = [...page.querySelectorAll("main .form-error, main .field-error")].map((node) => node.textContent?.trim()).filter(Boolean);
    words = errors.join(" ") || undefined;
  }
  return { message: words ?? (response.status === 403 ? say("signIn") : say("refusedGeneric")) };
}

async function send(item: Queued): Promise<Sent> {
  const csrf = csrfToken(item);
  for (const photo of item.photos) {
    if (photo.hash || !item.uploadUrl) continue;
    const body = new FormData();
    body.append("csrf", csrf);
    body.append("photo", photo.blob, photo.name.replace(/\.[^.]*$/, "") + (photo.blob.type === "image/jpeg" ? ".jpg" : ""));
    const response = await post(item.uploadUrl, body);
    if (response === "network" || response.status === 429) return "network";
    if (!response.ok) return refusal(response);
    photo.hash = ((await response.json()) as { hash: string }).hash;
    await keep(item); // resumable: this photo is not sent again
    await render();
  }
  const body = new FormData();
  for (const [name, value] of item.fields) body.append(name, name === "csrf" ? csrf : value);
  for (const photo of item.photos) if (photo.hash) body.append("kept", photo.hash);
  body.append("idempotencyKey", item.key);
  const response = await post(item.url, body);
  if (response === "network") return "network";
  if (!response.ok) return refusal(response);
  // A form page answers a success with a redirect (followed here); the queue's own endpoint with JSON.
  if (!(response.headers.get("Content-Type") ?? "").includes("json")) return response.redirected ? "sent" : refusal(response);
  const answer = (await response.clone().json()) as { ok?: boolean };
  return answer.ok ? "sent" : refusal(response);
}

let flushing = false;

/** Sends what waits, oldest first; stops at the first step the network does not carry. */
async function flush(): Promise<void> {
  if (flushing || !navigator.onLine) return;
  flushing = true;
  let sent = 0;
  try {
    for (const item of await queued()) {
      if (item.state !== "waiting") continue;
      const result = await send(item);
      if (result === "network") break;
      if (result === "sent") {
        await forget(item.key);
        sessionStorage.setItem(SENT_KEY, JSON.stringify([...sentLabels(), item.label]));
        sent++;
      } else {
        await keep({ ...item, state: "refused", message: result.message });
      }
      await render();
    }
  } finally {
    flushing = false;
  }
  // The lists on screen are from before: the fresh ones show what was done.
  if (sent > 0) location.reload();
}

function registerWorker(): void {
  const area = AREA.exec(location.pathname)?.[1];
  if (!area || !("serviceWorker" in navigator)) return;
  const scope = `/${area}/`;
  void navigator.serviceWorker.register("/sw.js", { scope }).then(async (registration) => {
    if (navigator.serviceWorker.controller || root.dataset.copy !== "live") return;
    const worker = registration.active ?? (await activated(registration));
    // This first visit came before the worker: hand it the page and its files to keep.
    const files = performance
      .getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((name) => name.startsWith(`${location.origin}/assets/`) || /\/offline-[\w-]+\.js$/.test(name));
    const page = location.pathname.startsWith(scope) ? [location.href] : [];
    worker?.postMessage({ type: "CACHE_URLS", payload: { urlsToCache: [...page, ...files] } });
  });
}

function activated(registration: ServiceWorkerRegistration): Promise<ServiceWorker | null> {
  const installing = registration.installing ?? registration.waiting;
  if (!installing) return Promise.resolve(registration.active);
  return new Promise((resolve) => {
    installing.addEventListener("statechange", () => {
      if (installing.state === "activated") resolve(installing);
    });
  });
}

showNetwork();
window.addEventListener("online", () => {
  showNetwork();
  void flush();
});
window.addEventListener("offline", showNetwork);
registerWorker();
enhanceListingForms();
void render().then(flush);
root.dataset.offlineReady = "1";
