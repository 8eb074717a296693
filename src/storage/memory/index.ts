export { MemoryStore, openMemoryStore, type MemoryStoreOptions } from "./memory-store.ts";
