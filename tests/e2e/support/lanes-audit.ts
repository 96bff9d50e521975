/**
 * For the lanes spec: `tsx tests/e2e/support/lanes-audit.ts <orderId>…` prints, from the e2e
 * server's database, the ledger's broken invariants (MONEY-03..06; none when clean) and each
 * order's delivery fee, legs and escrow, as JSON.
 */
import { getConnection } from "../../../app/db.server";
import { checkLedgerInvariants } from "../../../app/domain/escrow/ledger-invariants.server";
import { accountBalance } from "../../../app/domain/escrow/ledger-reads.server";
import { escrowAccount } from "../../../app/domain/escrow/accounts";

const { sqlite, db } = getConnection();
const ids = process.argv.slice(2).map(Number);
const orders = ids.map((id) => ({
  id,
  ...(sqlite.prepare("SELECT total_tiyn AS totalTiyn, delivery_tiyn AS deliveryTiyn, status FROM orders WHERE id = ?").get(id) as object),
  legs: sqlite.prepare("SELECT lane_id AS laneId, fee_tiyn AS feeTiyn FROM order_legs WHERE order_id = ? ORDER BY leg").all(id),
  escrowTiyn: accountBalance(db, escrowAccount(id)),
}));
console.log(JSON.stringify({ broken: checkLedgerInvariants(db), orders }));
sqlite.close();
