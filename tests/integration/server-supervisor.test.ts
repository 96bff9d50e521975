/**
 * The server as `npm start` runs it on a two-core box: the supervisor and
 * WEB_CONCURRENCY=2 serving processes on one database file (decision 0021),
 * connections dealt to the processes in turn. It shows (issue 18):
 *  - /metrics gives the figures of the whole server whichever process answers:
 *    the request counters of both processes summed, and each one's memory;
 *  - a page kept for anonymous visitors (decision 0029) is given again by the
 *    process that kept it, and a write made by another connection to the file
 *    (here the test's; in production another process's) is on the very next
 *    page from either process;
 *  - a signed-in person is never given a kept page, nor is their page kept.
 * Needs the production build (`npm run build`; made here when missing).
 */
import http from "node:http";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, writeTransaction } from "../../app/db.server";
import { createSession } from "../../app/domain/identity/sessions.server";
import { ensureBuild, stagingEnvironment, startServer, stopServers, type Server } from "../support/built-server";
import { makeUser } from "../support/ledger";
import { makeListing, orderWorld } from "../support/orders";

const DIR = path.resolve("tests/.tmp", `server-supervisor-${process.pid}`);
const TOKEN = "metrics-token-of-the-supervised-server-0123";
const servers: Server[] = [];
afterAll(() => stopServers(servers, DIR));

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request on a connection of its own (no keep-alive), so the supervisor's round deals it to the next process. */
function get(server: Server, pathname: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port: server.port, path: pathname, headers: { "accept-language": "kk", ...headers }, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

const counter = (text: string, line: string) => Number(new RegExp(`^${line.replace(/[{}()[\]|.+*?^$\\/]/g, "\\$&")} (\\d+)$`, "m").exec(text)?.[1] ?? Number.NaN);

describe("the supervisor and two serving processes on one database file", () => {
  it("combine their /metrics, and keep anonymous pages only while the database is unchanged", async () => {
    ensureBuild();
    const { db, sqlite } = openDatabase(path.join(DIR, "auyl.db"));
    const w = orderWorld(db);
    makeListing(db, w.sellerA, { priceTiyn: 1_200_000, stock: 2, title: "Қайың орындық" });
    const session = writeTransaction(db, (tx) => createSession(tx, makeUser(db), new Date()));
    const server = await startServer({ ...stagingEnvironment(DIR), WEB_CONCURRENCY: "2", METRICS_TOKEN: TOKEN }, servers);

    // Anonymous visitors: after the first visit to each process, its next answers are the kept page —
    // four in a row, two from each process (the background work's own writes, the lease renewed every
    // 10 s and the jobs just after start, forget the kept pages too, so a miss may come between).
    const before: Answer[] = [];
    const hitsInARow = () => before.slice(-4).filter((a) => a.headers["x-page-cache"] === "hit").length;
    while (before.length < 40 && (before.length < 6 || hitsInARow() < 4)) before.push(await get(server, "/catalog"));
    expect(hitsInARow()).toBe(4);
    expect(before.every((a) => a.status === 200 && a.text.includes("Қайың орындық"))).toBe(true);

    // A signed-in person: always rendered for them (their name's link), never kept for the next visitor.
    const signedIn = await get(server, "/catalog", { cookie: `sid=${session}` });
    expect(signedIn.headers["x-page-cache"]).toBeUndefined();
    expect(signedIn.text).toContain('href="/profile"');
    for (let i = 0; i < 2; i++) expect((await get(server, "/catalog")).text).not.toContain('href="/profile"');

    // A write by another connection: the next page from either process shows it.
    makeListing(db, w.sellerA, { priceTiyn: 4_500_000, stock: 1, title: "Емен үстел" });
    const after = [await get(server, "/catalog"), await get(server, "/catalog")];
    expect(after.map((a) => a.text.includes("Емен үстел"))).toEqual([true, true]);
    expect(after.map((a) => a.headers["x-page-cache"])).toEqual([undefined, undefined]);

    // /metrics: whichever process answers, the counts are both processes' together.
    const catalogRequests = before.length + 1 + 2 + after.length;
    const scrapes: Answer[] = [];
    for (let i = 0; i < 4; i++) scrapes.push(await get(server, "/metrics", { authorization: `Bearer ${TOKEN}` }));
    for (const scrape of scrapes) {
      expect(scrape.status).toBe(200);
      expect(counter(scrape.text, 'auyl_http_requests_total{route="/catalog",method="GET",status="200"}')).toBe(catalogRequests);
      expect(counter(scrape.text, 'auyl_http_request_duration_seconds_count{route="/catalog",method="GET"}')).toBe(catalogRequests);
      expect(counter(scrape.text, "auyl_server_processes")).toBe(2);
      const pids = [...scrape.text.matchAll(/^auyl_process_resident_memory_bytes\{pid="(\d+)"\} \d+$/gm)].map((m) => m[1]);
      expect(new Set(pids).size).toBe(2);
      expect(scrape.text).toMatch(/^process_resident_memory_bytes \d+$/m);
      expect(pids).toContain(/^auyl_background_work_holder\{pid="(\d+)"\} 1$/m.exec(scrape.text)?.[1]);
    }
    sqlite.close();
  }, 180_000);
});
