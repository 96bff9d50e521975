/** The money screens' reads: a seller's money by shop, and the admin's rates, ledger health and payouts. */
import { desc } from "drizzle-orm";
import { payoutBatches } from "../../../db/schema";
import type { Db } from "../../db.server";
import { commissionRates } from "./commission.server";
import { checkLedgerInvariants } from "./ledger-invariants.server";
import { ledgerTotals, listPayouts, payoutStatement, sellerMoney } from "./ledger-reads.server";
import { listShopsOf } from "../identity/sellers.server";

/** Every shop of the person (one per village), each with its money, its payouts and their statements. */
export function getMyMoney(db: Db, userId: number) {
  const shops = listShopsOf(db, userId);
  return shops.map((shop) => ({
    ...shop,
    money: sellerMoney(db, shop.sellerId),
    payouts: listPayouts(db, shop.sellerId, { limit: 12 }).map((p) => ({ ...p, statement: payoutStatement(db, shop.sellerId, p.batchId) })),
  }));
}

export function getMoneyOverview(db: Db) {
  return {
    rates: commissionRates(db),
    problems: checkLedgerInvariants(db),
    totals: ledgerTotals(db),
    recentBatches: db.select().from(payoutBatches).orderBy(desc(payoutBatches.id)).limit(10).all(),
  };
}
