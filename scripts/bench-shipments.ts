/**
 * For `npm run bench` (issue 17): a shipment of 200 parcels at a village hub of the server's
 * database, made as the app makes it — 200 orders of the village's sellers for a pickup point in
 * another village, written received at the hub as the demo history writes finished orders, then
 * grouped by the real createShipment — and a session for the village's coordinator. Returns the
 * hub screen's and the manifest's paths and the `sid=` cookie.
 */
export async function shipmentOf200(database: string): Promise<{ cookie: string; pages: string[] } | string> {
  const { openDatabase, writeTransaction } = await import("../app/db.server");
  const { findOrCreateUser, grantRole } = await import("../app/domain/identity/users.server");
  const { createSession } = await import("../app/domain/identity/sessions.server");
  const { createShipment } = await import("../app/domain/shipping/shipments.server");
  const { sqlite, db } = openDatabase(database);
  try {
    const now = new Date();
    const from = sqlite
      .prepare(
        `SELECT v.id AS villageId, v.slug AS slug, s.id AS sellerId, l.id AS listingId, l.price_tiyn AS priceTiyn, l.title_kk AS title
         FROM villages v JOIN sellers s ON s.village_id = v.id JOIN listings l ON l.seller_id = s.id AND l.status = 'active'
         WHERE EXISTS (SELECT 1 FROM pickup_points p WHERE p.village_id <> v.id AND p.active = 1) ORDER BY v.id LIMIT 1`,
      )
      .get() as { villageId: number; slug: string; sellerId: number; listingId: number; priceTiyn: number; title: string | null } | undefined;
    if (!from) return "No village with an active listing and a pickup point elsewhere: the shipment bench is skipped.";
    const point = sqlite.prepare("SELECT id FROM pickup_points WHERE village_id <> ? AND active = 1 ORDER BY id LIMIT 1").get(from.villageId) as { id: number };
    const buyer = findOrCreateUser(db, "+77099999998", now);
    const coordinator = findOrCreateUser(db, "+77099999997", now);
    const granted = grantRole(db, { actorUserId: null, userId: coordinator.id, role: "coordinator", villageId: from.villageId, ip: "bench" }, now);
    if (!granted.ok && granted.reason !== "identity.role_exists") throw new Error(`bench coordinator: ${granted.reason}`);
    const orderIds = writeTransaction(db, () => {
      const ids: number[] = [];
      const checkout = sqlite.prepare(
        "INSERT INTO checkouts (buyer_user_id, pickup_point_id, payment_method, total_tiyn, idempotency_key, created_at) VALUES (?, ?, 'cash', ?, ?, ?) RETURNING id",
      );
      const order = sqlite.prepare(
        `INSERT INTO orders (checkout_id, buyer_user_id, seller_id, seller_village_id, pickup_point_id, payment_method, status, total_tiyn, platform_rate_bp, coop_rate_bp, same_village, received_at_hub_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'cash', 'handed_over', ?, 300, 200, 0, ?, ?, ?) RETURNING id`,
      );
      const item = sqlite.prepare("INSERT INTO order_items (order_id, listing_id, title, language, price_tiyn, quantity, line_tiyn) VALUES (?, ?, ?, 'kk', ?, 1, ?)");
      for (let i = 0; i < 200; i++) {
        const t = now.getTime();
        const c = checkout.get(buyer.id, point.id, from.priceTiyn, `bench-shipment-${t}-${i}`, t) as { id: number };
        const o = order.get(c.id, buyer.id, from.sellerId, from.villageId, point.id, from.priceTiyn, t, t, t) as { id: number };
        item.run(o.id, from.listingId, from.title ?? "—", from.priceTiyn, from.priceTiyn);
        ids.push(o.id);
      }
      return ids;
    });
    const made = createShipment(db, { villageId: from.villageId, pickupPointId: point.id, orderIds, carrier: { kind: "coop_van", name: "Bench", phone: "+77015554433" }, actorUserId: coordinator.id }, now);
    if (!made.ok) throw new Error(`bench shipment: ${made.reason}`);
    const cookie = `sid=${writeTransaction(db, (tx) => createSession(tx, coordinator.id, now))}`;
    return { cookie, pages: [`/coordinator/${from.slug}/hub`, `/shipments/${made.shipmentId}`, `/shipments/${made.shipmentId}/manifest`, `/shipments/${made.shipmentId}/labels`] };
  } finally {
    sqlite.close();
  }
}
