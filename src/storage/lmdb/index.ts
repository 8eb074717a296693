export { LmdbStore, openLmdbStore, type LmdbStoreOptions } from "./lmdb-store.ts";
