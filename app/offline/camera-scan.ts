/**
 * "Scan with camera" for the parcel-code forms (issue 17 §4, decision 0031): a small plain script,
 * no framework, built by scripts/build-offline.ts and loaded only on the pages whose route asks for
 * it. With JavaScript on and a camera, each `form[data-camera-scan]` gets a button that opens the
 * phone's rear camera and reads the label's QR: the browser's BarcodeDetector where it has one,
 * otherwise the jsQR decoder, fetched (a separate chunk) only when the button is pressed. The code
 * read fills the code field and the same form is submitted as if it had been typed, so the server
 * path is one. Without JavaScript or a camera the button never appears and typing works as before.
 */

type Decode = (video: HTMLVideoElement) => Promise<string | null>;

interface DetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface DetectorClass {
  new (options: { formats: string[] }): DetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** Frames looked at per second: enough to read a label held still, light on an old phone. */
const FRAME_GAP_MS = 150;

function detectorClass(): DetectorClass | undefined {
  return (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
}

/** The browser's own QR reader when it has one, else jsQR over a canvas. */
async function makeDecoder(): Promise<Decode> {
  const Detector = detectorClass();
  if (Detector && (await Detector.getSupportedFormats().catch(() => [] as string[])).includes("qr_code")) {
    const detector = new Detector({ formats: ["qr_code"] });
    return async (video) => (await detector.detect(video).catch(() => []))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import("jsqr");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    if (!context || video.videoWidth === 0) return null;
    // At most 640 px wide: a label's QR fills much of the frame, and smaller is faster.
    const scale = Math.min(1, 640 / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })?.data ?? null;
  };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text) node.textContent = text;
  return node;
}

function enhance(form: HTMLFormElement): void {
  const input = form.querySelector<HTMLInputElement>('input[name="code"]');
  if (!input) return;
  const strings = JSON.parse(form.dataset.cameraScan ?? "{}") as Record<string, string>;
  const open = element("button", "button secondary camera-scan-open", strings.open);
  open.type = "button";
  const view = element("div", "camera-scan-view");
  view.hidden = true;
  const video = element("video", "camera-scan-video");
  video.muted = true;
  video.playsInline = true;
  video.setAttribute("aria-label", strings.video ?? "");
  const status = element("p", "muted small camera-scan-status", strings.aim);
  status.setAttribute("role", "status");
  const cancel = element("button", "button secondary small", strings.cancel);
  cancel.type = "button";
  view.append(video, status, cancel);
  form.querySelector(".field")?.after(open, view);

  let stream: MediaStream | null = null;
  let running = false;

  const stop = () => {
    running = false;
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
    video.srcObject = null;
    view.hidden = true;
    open.hidden = false;
  };

  const read = async (decode: Decode) => {
    while (running) {
      const code = await decode(video);
      if (code && running) {
        stop();
        input.value = code;
        form.requestSubmit();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, FRAME_GAP_MS));
    }
  };

  open.addEventListener("click", () => {
    void (async () => {
      open.hidden = true;
      view.hidden = false;
      video.hidden = false;
      status.textContent = strings.aim ?? "";
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
        video.srcObject = stream;
        await video.play();
        running = true;
        await read(await makeDecoder());
      } catch {
        stop();
        open.hidden = false;
        status.textContent = strings.noCamera ?? "";
        view.hidden = false;
        video.hidden = true;
      }
    })();
  });
  cancel.addEventListener("click", () => {
    stop();
    input.focus();
  });
}

if (typeof navigator.mediaDevices?.getUserMedia === "function") {
  for (const form of document.querySelectorAll<HTMLFormElement>("form[data-camera-scan]")) enhance(form);
}
