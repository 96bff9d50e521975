/**
 * The roles a person can be granted. Import-free, so db/schema and
 * app/domain share this one home (docs/architecture.md).
 */
export const ROLES = ["seller", "coordinator", "operator", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];
