export * from "./geo";
export * from "./settings";
