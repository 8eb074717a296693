export * from "./time.ts";
export * from "./reference.ts";
export * from "./correlator.ts";
export * from "./sink.ts";
export * from "./recorder.ts";
export * from "./broadcaster.ts";
