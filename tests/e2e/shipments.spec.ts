import { expect, localeText, test } from "./fixtures";
import { fitsThePhone, handOver, o } from "./support/order-journey";
import { depart, l, operatorOpens, printedText, scan, seesEveryLeg, shipped } from "./support/shipping";

/**
 * Issue 17 §3–5 in the browser with JavaScript off on a 360 px phone, in kk, ru and en: a
 * Karabulak parcel for Besagash's point goes into a shipment, its manifest and label print,
 * each handover is scanned by its typed code, and the buyer follows the journey; a parcel
 * missing at arrival opens a discrepancy its hub resolves. Order-world numbers 41–42.
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

test("a shipment: labels and manifest print, every handover scanned by its typed code, the buyer collects and sees every leg", async ({ browser, locale, language }) => {
  const { w, people, buyer, id, code, hub, shipmentId } = await shipped(browser, locale, language, 41);
  await fitsThePhone(hub);

  // The labels: one A6 page per parcel with its QR image and its code in letters.
  await hub.getByRole("link", { name: l(language, "shipping.labels") }).click();
  const qr = hub.getByRole("img", { name: l(language, "shipping.qrAlt", { code }) });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), "the QR image draws").toBe(true);
  const labels = await printedText(browser, w, `/shipments/${shipmentId}/labels`);
  expect(labels).toContain(code);
  expect(labels).toContain(w.point.name);
  expect(labels).not.toContain(l(language, "shipping.printLabelsHint").slice(0, 20));
  // The manifest: the parcel, its weight class, where it goes, the carrier, places to sign.
  await hub.goto(`/shipments/${shipmentId}/manifest`);
  await fitsThePhone(hub);
  const manifest = await printedText(browser, w, `/shipments/${shipmentId}/manifest`);
  for (const text of [code, localeText(language, "catalog", "weight.15to50kg"), w.point.name, "Ерлан", l(language, "shipping.signature"), l(language, "shipping.receivedBy")]) expect(manifest).toContain(text);

  // Onto the carrier, by its code; the order is on its way.
  await hub.goto(`/shipments/${shipmentId}`);
  await depart(hub, language, code);
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.in_transit")).first()).toBeVisible();
  await expect(buyer.getByText(l(language, "journey.now", { holder: l(language, "journey.holder.carrier", { name: "Ерлан" }) }))).toBeVisible();

  // Off the carrier at the point, by its code: ready for pickup, the buyer texted.
  const operator = await operatorOpens(people, language, w, shipmentId);
  await fitsThePhone(operator);
  await scan(operator, language, code);
  await expect(operator.getByText(l(language, "shipping.done.arrive", { id: id }))).toBeVisible();
  await operator.getByRole("button", { name: l(language, "shipping.finish") }).click();
  await expect(operator.getByText(l(language, "shipping.done.arrived"))).toBeVisible();

  await handOver(people, language, w, id);
  await seesEveryLeg(buyer, language, id, w.point.name);
  await people.close();
});

test("a parcel missing at arrival opens a discrepancy; its hub declares it lost and the buyer is refunded", async ({ browser, locale, language }) => {
  const { w, people, buyer, id, code, hub, shipmentId } = await shipped(browser, locale, language, 42);
  await depart(hub, language, code);

  // The van comes empty: unloading finishes without the parcel.
  const operator = await operatorOpens(people, language, w, shipmentId);
  await operator.getByRole("button", { name: l(language, "shipping.finish") }).click();
  await expect(operator.getByText(l(language, "shipping.done.missing"))).toBeVisible();
  // Only the hub that sent it resolves it.
  await expect(operator.getByRole("button", { name: l(language, "shipping.lost") })).toHaveCount(0);

  await hub.goto("/coordinator/karabulak/hub");
  await hub.getByRole("link", { name: l(language, "shipping.discrepancy.missing", { id: id }) }).click();
  await expect(hub).toHaveURL(new RegExp(`/shipments/${shipmentId}$`));
  await hub.getByLabel(l(language, "shipping.note")).fill("Жүргізуші жолда түсіріп алған");
  await hub.getByRole("button", { name: l(language, "shipping.lost") }).click();
  await expect(hub.getByText(l(language, "shipping.done.resolved_lost"))).toBeVisible();

  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.refunded")).first()).toBeVisible();
  await expect(buyer.getByText(o(language, "event.parcel_lost"))).toBeVisible();
  await people.close();
});
