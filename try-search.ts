import { openDatabase } from "./app/db.server";
import { searchSettlements } from "./app/domain/geo/settlements.server";
const { db } = openDatabase("/tmp/kato-try/p.db");
for (const q of ["besagash", "Бесағаш", "бесагаш", "Besağaş", "karabulak", "karabulak sairam", "Қарабұлақ Сайрам", "kara", "ka", "talgar", "196243100", "1962", "ulken naryn", "Жўмба", "zhumba", "kabyrgatal"]) {
  searchSettlements(db, q);
  const t = performance.now();
  let hits; for (let i = 0; i < 20; i++) hits = searchSettlements(db, q);
  const ms = (performance.now() - t) / 20;
  console.log(q.padEnd(20), ms.toFixed(2), "ms", hits!.length, hits!.slice(0, 3).map(h => `${h.nameKk}/${h.district?.nameKk}/${h.code}`).join("; "));
}
