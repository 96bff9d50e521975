import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import QRCode from "qrcode";
import sharp from "sharp";
import { expect, test } from "./fixtures";
import { order, People, world } from "./support/order-journey";
import { droppedBySeller, l, ship } from "./support/shipping";

/**
 * Issue 17 done-when (c), decision 0031: with JavaScript on, the hub's parcel-code box and the
 * shipment's scan field get "Scan with camera"; a phone camera (here Chromium's fake capture
 * device playing a video of the parcel's label QR) reads the code, fills the field and submits
 * the same form typing does. Once, in Kazakh (the camera reads no words). Order worlds 43 and 45.
 */
test.slow();

const WIDTH = 640;
const HEIGHT = 480;

/**
 * A .y4m video (YUV 4:2:0) whose frames show the QR of `text` as the label prints it (the same
 * library and error correction): a grey picture is its luma plane alone, chroma at 128.
 */
async function labelVideo(text: string): Promise<string> {
  const qr = await QRCode.toBuffer(text, { errorCorrectionLevel: "M", margin: 2, width: 320 });
  const { data, info } = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: "#ffffff" } })
    .composite([{ input: qr, left: (WIDTH - 320) / 2, top: (HEIGHT - 320) / 2 }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const luma = Buffer.alloc(WIDTH * HEIGHT);
  for (let i = 0; i < luma.length; i++) luma[i] = data[i * info.channels] ?? 255;
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frames = Array.from({ length: 10 }, () => Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auyl-camera-")), "label.y4m");
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
  return file;
}

/** Chromium as the config starts it, with a fake camera that films the label and no permission prompt. */
async function phoneWithCamera(video: string): Promise<Browser> {
  const configured = test.info().project.use.launchOptions ?? {};
  return chromium.launch({
    ...configured,
    args: [...(configured.args ?? []), "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
}

test("the camera reads a label's QR: the hub receives the parcel and the shipment loads it, as typing would", async ({ browser, locale, language }) => {
  const w = world(language, 43);
  const people = new People(browser, locale, w.tokens);
  const buyer = await people.as("buyer");
  const [id] = await order(buyer, language, w, [w.listingB], "online");
  const code = await droppedBySeller(people, language, id!);
  const video = await labelVideo(code);
  const phone = await phoneWithCamera(video);
  try {
    const context = await phone.newContext({ locale, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: "sid", value: w.tokens.coordinatorB, url: test.info().project.use.baseURL ?? "http://127.0.0.1:3100" }]);
    const hub = await context.newPage();
    const failures: string[] = [];
    hub.on("pageerror", (error) => failures.push(error.message));

    // The hub's parcel-code box: the camera instead of typing.
    await hub.goto("/coordinator/karabulak/hub");
    await hub.getByRole("button", { name: l(language, "shipping.camera.open") }).first().click();
    await expect(hub.getByText(l(language, "shipping.done.received", { id: id! }))).toBeVisible({ timeout: 30_000 });

    // Into a shipment, then onto the carrier: the shipment's scan field by camera too.
    const shipmentId = await ship(hub, language, w, id!);
    await hub.goto(`/shipments/${shipmentId}`);
    await expect(hub.getByRole("cell", { name: l(language, "shipping.notScanned"), exact: true })).toBeVisible();
    await hub.getByRole("button", { name: l(language, "shipping.camera.open") }).click();
    await expect(hub.getByText(l(language, "shipping.done.depart", { id: id! }))).toBeVisible({ timeout: 30_000 });
    await expect(hub.getByRole("cell", { name: l(language, "shipping.scanned"), exact: true })).toBeVisible();
    expect(failures, "no script error on the page").toEqual([]);
    await context.close();
  } finally {
    await phone.close();
    fs.rmSync(path.dirname(video), { recursive: true, force: true });
    await people.close();
  }
});

test("without a camera the button says so and typing still works", async ({ browser, locale, language }) => {
  const w = world(language, 45);
  const context = await browser.newContext({ locale, viewport: { width: 360, height: 640 } });
  await context.addCookies([{ name: "sid", value: w.tokens.coordinatorB, url: test.info().project.use.baseURL ?? "http://127.0.0.1:3100" }]);
  const hub = await context.newPage();
  // The browser refuses the camera (no device, or the person said no).
  await hub.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("no camera", "NotFoundError"));
  });
  await hub.goto("/coordinator/karabulak/hub");
  await hub.getByRole("button", { name: l(language, "shipping.camera.open") }).first().click();
  await expect(hub.getByText(l(language, "shipping.camera.noCamera"))).toBeVisible();
  const field = hub.getByLabel(l(language, "shipping.codeLabel")).first();
  await field.fill("OOO-III");
  await hub.getByRole("button", { name: l(language, "shipping.scan"), exact: true }).click();
  await expect(hub.getByText(l(language, "shipping.errors.code_unknown"))).toBeVisible();
  await context.close();
});
