/** The client's LRU is the shared one (src/util/lru.ts). */
export { LRU } from "../../util/lru.ts";
