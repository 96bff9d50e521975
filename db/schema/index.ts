export * from "./audit";
export * from "./geo";
export * from "./identity";
export * from "./notify";
export * from "./settings";
export * from "./catalog";
