/**
 * Whether the server has finished what it started at start-up in the
 * background (the demo shops and their eighteen months of history on a new
 * demo database). Pages are served meanwhile; /ready answers 503 until then,
 * for a deployment's readiness probe and for the end-to-end tests, which
 * should not race the seeding for the database's write lock.
 */
let pending = 0;

export function seedingInBackground(work: Promise<unknown>): void {
  pending += 1;
  work.finally(() => {
    pending -= 1;
  });
}

export function isReady(): boolean {
  return pending === 0;
}
