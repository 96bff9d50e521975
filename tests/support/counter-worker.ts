/** A process for the DB-03 test: read a counter, then write it back incremented, many times. */
import { eq } from "drizzle-orm";
import { openDatabase, writeTransaction } from "../../app/db.server";
import { settings } from "../../db/schema";

const [file = "", runs = 0] = [process.argv[2], Number(process.argv[3])];
const { sqlite, db } = openDatabase(file);
const errors: string[] = [];
for (let i = 0; i < runs; i++) {
  try {
    writeTransaction(db, (tx) => {
      const row = tx.select().from(settings).where(eq(settings.key, "counter")).get();
      const next = String(Number(row?.value ?? "0") + 1);
      tx.insert(settings).values({ key: "counter", value: next }).onConflictDoUpdate({ target: settings.key, set: { value: next } }).run();
    });
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
  }
}
sqlite.close();
process.stdout.write(JSON.stringify({ errors }));
