import { expect, test } from "./fixtures";
import { fitsThePhone, handOver, o, orderCard, press } from "./support/order-journey";
import { depart, l, operatorOpens, scan, shipped } from "./support/shipping";

/**
 * Issue 17 §5 (decision returns-ride-shipments) in the browser with JavaScript off on a 360 px
 * phone, in kk, ru and en: Karabulak's felt, collected at Besagash's cooperative warehouse, is
 * returned there by the buyer with the return code; the point's operator puts it in a return
 * shipment to Karabulak's hub, scans it on by its typed code, the carrier leaves; Karabulak's
 * coordinator sees it coming, scans it off at the hub; the order page shows the way back.
 * Order-world number 84 (a retry adds 10).
 */
test.use({ javaScriptEnabled: false, viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
test.slow();

test("a return rides a shipment from the point back to the seller's village hub, scanned on and off by its typed code", async ({ browser, locale, language }) => {
  const { w, people, buyer, id, code, hub, shipmentId } = await shipped(browser, locale, language, 84 + 10 * test.info().retry);
  await depart(hub, language, code);
  const arrival = await operatorOpens(people, language, w, shipmentId);
  await scan(arrival, language, code);
  await arrival.getByRole("button", { name: l(language, "shipping.finish") }).click();
  await expect(arrival.getByText(l(language, "shipping.done.arrived"))).toBeVisible();
  await handOver(people, language, w, id);

  // The buyer sends it back; the seller approves; the buyer brings it with the return code.
  await buyer.goto(`/orders/${id}`);
  await buyer.getByLabel(o(language, "reasonLabel.return_request")).fill("Түсі бөлмеге келмеді");
  await press(buyer, language, "return_request");
  const seller = await people.as("sellerB");
  await seller.goto("/seller/orders");
  await press(orderCard(seller, language, id), language, "return_approve");
  await buyer.goto(`/orders/${id}`);
  const returnCode = (await buyer.locator(".pickup-code").textContent())?.trim() ?? "";
  expect(returnCode).toMatch(/^\d{6}$/);
  const operator = await people.as("operator");
  await operator.goto(`/operator/points/${w.point.id}`);
  const counter = operator.locator("li.panel").filter({ hasText: o(language, "order.title", { id }) });
  await counter.getByLabel(o(language, "returns.code")).fill(returnCode);
  await counter.getByRole("button", { name: o(language, "returns.take") }).click();
  await expect(operator).toHaveURL(new RegExp(`/operator/points/${w.point.id}$`));

  // The point groups it under Karabulak's hub and ships it with the shared form: nothing ticked is refused, what was typed stays.
  await expect(operator.getByRole("heading", { name: l(language, "shipping.returnsTitle") })).toBeVisible();
  await fitsThePhone(operator);
  const returnForm = () => operator.locator("form").filter({ has: operator.locator('input[name=intent][value="ship_return"]') }).filter({ has: operator.locator(`input[name=every][value="${id}"]`) });
  const group = returnForm();
  await group.getByLabel(l(language, "shipping.carrierName")).fill("Ерлан");
  await group.getByLabel(l(language, "shipping.carrierPhone")).fill("+7 701 555 44 33");
  await group.getByRole("button", { name: l(language, "shipping.shipChosen") }).click();
  await expect(operator.getByText(l(language, "shipping.errors.no_parcels"))).toBeVisible();
  const again = returnForm();
  await expect(again.getByLabel(l(language, "shipping.carrierName"))).toHaveValue("Ерлан");
  await again.locator(`input[name=order][value="${id}"]`).check();
  await again.getByRole("button", { name: l(language, "shipping.shipChosen") }).click();
  await expect(operator).toHaveURL(/\/shipments\/\d+\?done=created$/);
  const back = Number(/\/shipments\/(\d+)/.exec(operator.url())?.[1]);
  await fitsThePhone(operator);
  await depart(operator, language, code);
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByText(o(language, "status.return_in_transit")).first()).toBeVisible();

  // Karabulak's hub sees it coming and scans it off by its code: back at the seller's hub.
  await hub.goto("/coordinator/karabulak/hub");
  await hub.getByRole("link", { name: l(language, "shipping.title", { id: back }), exact: true }).click();
  await expect(hub).toHaveURL(new RegExp(`/shipments/${back}$`));
  await scan(hub, language, code);
  await expect(hub.getByText(l(language, "shipping.done.back", { id }))).toBeVisible();
  await hub.getByRole("button", { name: l(language, "shipping.finish") }).click();
  await expect(hub.getByText(l(language, "shipping.done.arrived"))).toBeVisible();

  // The order page shows the way back's handovers, the seller's hub holding it now.
  await buyer.goto(`/orders/${id}`);
  await fitsThePhone(buyer);
  await expect(buyer.getByText(o(language, "status.returned")).first()).toBeVisible();
  const journey = buyer.locator("ol.journey li");
  await expect(journey).toHaveCount(7);
  for (const [i, step] of (["return_drop", "depart", "return_arrive"] as const).entries()) await expect(journey.nth(4 + i)).toContainText(l(language, `journey.handover.${step}`));
  await expect(journey.nth(5)).toContainText("Ерлан");
  await expect(journey.nth(6)).toContainText(l(language, "journey.holder.hub", { name: "" }).trim());
  await people.close();
});
