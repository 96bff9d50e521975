/**
 * The second e2e server: a production start with DEMO_DATA=false, as a
 * cooperative installs the hub for real (issue 12, "done when"). Its own port
 * and database; playwright.config.ts starts it, go-live.spec.ts drives it.
 * E2E_LIVE_PORT moves it; by default it sits 1000 above the main e2e port, so
 * private runs on other ports keep their own.
 */
const MAIN_PORT = Number(process.env.E2E_PORT ?? 3100);
export const LIVE_PORT = Number(process.env.E2E_LIVE_PORT ?? MAIN_PORT + 1000);
export const LIVE_BASE_URL = `http://127.0.0.1:${LIVE_PORT}`;
export const LIVE_DATABASE_DIR = `tests/.tmp/e2e-live-${LIVE_PORT}`;
export const LIVE_DATABASE_PATH = `${LIVE_DATABASE_DIR}/auyl.db`;
/** The spec that needs it: every other project ignores it, and it runs in no other. */
export const LIVE_SPEC = "go-live.spec.ts";
