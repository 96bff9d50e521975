import { useEffect, useState, type RefObject } from "react";
import { useCsrfToken } from "./csrf";
import { downscale } from "./downscale";

export type UploadState =
  | { phase: "idle"; problems: [] }
  | { phase: "preparing" | "uploading" | "waiting"; current: number; total: number; percent: number; problems: UploadProblem[] }
  | { phase: "done" | "failed" | "network"; problems: UploadProblem[] };

export interface UploadProblem {
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

/**
 * With JavaScript on, the listing form's photos are downscaled and uploaded
 * one by one with progress before the form is sent; the form then carries
 * their hashes (`kept`) instead of the files. Any network failure falls back
 * to the plain multipart form with the original files.
 */
export function usePhotoUpload(formRef: RefObject<HTMLFormElement>, uploadUrl: string): { state: UploadState } {
  const csrf = useCsrfToken() ?? "";
  const [state, setState] = useState<UploadState>({ phase: "idle", problems: [] });

  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    let busy = false;
    const onSubmit = async (event: SubmitEvent) => {
      const input = form.querySelector<HTMLInputElement>('input[type="file"][name="photos"]');
      const files = input?.files ? Array.from(input.files) : [];
      if (!input || files.length === 0) return; // nothing to upload: the plain form goes
      event.preventDefault();
      if (busy) return;
      busy = true;
      // form.submit() below does not send the pressed button: carry its value.
      const submitter = event.submitter as HTMLButtonElement | null;
      const problems: UploadProblem[] = [];
      const hashes: string[] = [];
      for (const [index, file] of files.entries()) {
        const position = { current: index + 1, total: files.length };
        setState({ phase: "preparing", ...position, percent: 0, problems: [...problems] });
        const blob = await downscale(file);
        let sent: Sent;
        for (let attempt = 0; ; attempt++) {
          setState({ phase: "uploading", ...position, percent: 0, problems: [...problems] });
          sent = await send(uploadUrl, csrf, blob, file.name, (percent) =>
            setState({ phase: "uploading", ...position, percent, problems: [...problems] }),
          );
          // 429: this person's other uploads (another tab) still run; nothing is lost by waiting.
          const wait = !sent.ok && "busy" in sent ? sent.busy : undefined;
          if (!wait || attempt >= BUSY_RETRIES) break;
          setState({ phase: "waiting", ...position, percent: 0, problems: [...problems] });
          await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        }
        if (sent.ok) hashes.push(sent.hash);
        else if ("message" in sent) problems.push({ name: file.name, message: sent.message });
        else {
          // No answer: let the browser send everything the plain way.
          setState({ phase: "network", problems });
          busy = false;
          form.submit();
          return;
        }
      }
      for (const hash of hashes) {
        const kept = document.createElement("input");
        kept.type = "hidden";
        kept.name = "kept";
        kept.value = hash;
        form.appendChild(kept);
      }
      input.value = "";
      busy = false;
      if (problems.length > 0) {
        setState({ phase: "failed", problems });
        return;
      }
      setState({ phase: "done", problems: [] });
      if (submitter?.name) {
        const intent = document.createElement("input");
        intent.type = "hidden";
        intent.name = submitter.name;
        intent.value = submitter.value;
        form.appendChild(intent);
      }
      form.submit();
    };
    const listener = (event: Event) => void onSubmit(event as SubmitEvent);
    form.addEventListener("submit", listener);
    // Says the script, not the plain form, now sends the photos (tests wait for it).
    form.dataset.enhanced = "uploads";
    return () => {
      form.removeEventListener("submit", listener);
      delete form.dataset.enhanced;
    };
  }, [formRef, uploadUrl, csrf]);

  return { state };
}
