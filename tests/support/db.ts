import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { openDatabase, type Connection } from "../../app/db.server";

const opened: { connection: Connection; dir: string }[] = [];

/** A new SQLite file built from the real migrations, removed after the test. */
export function freshDatabase(): Connection {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auyl-test-"));
  const connection = openDatabase(path.join(dir, "test.db"));
  opened.push({ connection, dir });
  return connection;
}

afterEach(() => {
  for (const { connection, dir } of opened.splice(0)) {
    connection.sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
