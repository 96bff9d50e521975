/**
 * The listing form's photo uploads with JavaScript on and the network up
 * (issue 4, moved out of React by issue 20 §4 so no work-area page loads the
 * Remix client): each photo is downscaled on the phone and uploaded on its
 * own with progress; the form then carries their hashes (`kept`) instead of
 * the files. Any network failure falls back to the plain multipart form with
 * the original files. Offline, work-area.ts queues the form before this runs.
 * Part of the work areas' one script (scripts/build-offline.ts).
 */
import { downscale } from "../ui/downscale";

/** Fills a translated line's {{placeholders}}. */
export function fill(template: string | undefined, values: Record<string, string | number> = {}): string {
  return (template ?? "").replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ""));
}

interface Problem {
  name: string;
  /** Already translated by the server. */
  message: string;
}

/** `busy`: 429, the person's other uploads still run; send again after `retryAfter` seconds. */
type Sent = { ok: true; hash: string } | { ok: false; message: string; busy?: number } | { ok: false; network: true };

/** How many times a photo answered with 429 is sent again before it counts as refused. */
const BUSY_RETRIES = 10;

function send(url: string, csrf: string, blob: Blob, name: string, onProgress: (percent: number) => void): Promise<Sent> {
  return new Promise((resolve) => {
    const body = new FormData();
    body.append("csrf", csrf);
    body.append("photo", blob, name.replace(/\.[^.]*$/, "") + (blob.type === "image/jpeg" ? ".jpg" : ""));
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    });
    request.addEventListener("load", () => {
      const answer = request.response as { hash?: string; error?: string } | null;
      if (request.status === 200 && answer?.hash) resolve({ ok: true, hash: answer.hash });
      else if (request.status === 429 && answer?.error) resolve({ ok: false, message: answer.error, busy: Number(request.getResponseHeader("Retry-After")) || 3 });
      else if (answer?.error) resolve({ ok: false, message: answer.error });
      else resolve({ ok: false, network: true });
    });
    request.addEventListener("error", () => resolve({ ok: false, network: true }));
    request.addEventListener("abort", () => resolve({ ok: false, network: true }));
    request.send(body);
  });
}

function hidden(form: HTMLFormElement, name: string, value: string): void {
  const input = document.createElement("input");
  input.type = "hidden";
  input.name = name;
  input.value = value;
  form.appendChild(input);
}

/** The status box the server renders hidden under the form, with its translated lines. */
function statusOf(form: HTMLFormElement) {
  const box = form.querySelector<HTMLElement>("[data-upload-status]");
  const strings = JSON.parse(box?.dataset.strings ?? "{}") as Record<string, string>;
  return (phase: string, values: Record<string, string | number> = {}, problems: Problem[] = [], percent?: number) => {
    if (!box) return;
    const parts: HTMLElement[] = [];
    if (percent !== undefined) {
      const bar = document.createElement("progress");
      bar.max = 100;
      bar.value = percent;
      parts.push(bar);
    }
    const line = document.createElement("p");
    line.textContent = fill(strings[phase], values);
    parts.push(line);
    if (problems.length > 0) {
      const list = document.createElement("ul");
      list.className = "photo-problems";
      for (const problem of problems) {
        const row = document.createElement("li");
        row.className = "field-error";
        row.textContent = fill(strings.problem, { name: problem.name, reason: problem.message });
        list.append(row);
      }
      parts.push(list);
    }
    box.replaceChildren(...parts);
    box.hidden = false;
  };
}

async function upload(form: HTMLFormElement, input: HTMLInputElement, files: File[], submitter: HTMLElement | null): Promise<void> {
  const show = statusOf(form);
  const url = form.dataset.offlineUpload ?? "";
  const csrf = form.querySelector<HTMLInputElement>('input[name="csrf"]')?.value ?? "";
  const problems: Problem[] = [];
  const hashes: string[] = [];
  for (const [index, file] of files.entries()) {
    const position = { current: index + 1, total: files.length };
    show("preparing", position, problems);
    const blob = await downscale(file);
    let sent: Sent;
    for (let attempt = 0; ; attempt++) {
      show("progress", { ...position, percent: 0 }, problems, 0);
      sent = await send(url, csrf, blob, file.name, (percent) => show("progress", { ...position, percent }, problems, percent));
      // 429: this person's other uploads (another tab) still run; nothing is lost by waiting.
      const wait = !sent.ok && "busy" in sent ? sent.busy : undefined;
      if (!wait || attempt >= BUSY_RETRIES) break;
      show("busy", position, problems);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
    if (sent.ok) hashes.push(sent.hash);
    else if ("message" in sent) problems.push({ name: file.name, message: sent.message });
    else {
      // No answer: let the browser send everything the plain way.
      show("network", {}, problems);
      form.submit();
      return;
    }
  }
  for (const hash of hashes) hidden(form, "kept", hash);
  input.value = "";
  if (problems.length > 0) {
    show("failed", {}, problems);
    return;
  }
  show("done");
  // form.submit() does not send the pressed button: carry its value.
  if (submitter instanceof HTMLButtonElement && submitter.name) hidden(form, submitter.name, submitter.value);
  form.submit();
}

/** Takes over the submit of every listing form on the page (those with `data-offline-upload`). */
export function enhanceListingForms(): void {
  const forms = document.querySelectorAll<HTMLFormElement>("form[data-offline-upload]");
  for (const form of forms) {
    let busy = false;
    form.addEventListener("submit", (event) => {
      const input = form.querySelector<HTMLInputElement>('input[type="file"][name="photos"]');
      const files = input?.files ? Array.from(input.files) : [];
      if (!input || files.length === 0) return; // nothing to upload: the plain form goes
      event.preventDefault();
      if (busy) return;
      busy = true;
      void upload(form, input, files, event.submitter).finally(() => {
        busy = false;
      });
    });
    // Says the script, not the plain form, now sends the photos (tests wait for it).
    form.dataset.enhanced = "uploads";
  }
}
