import { openMemoryStore } from "../../../src/storage/memory/index.ts";
import { runStoreContract } from "./contract.ts";

runStoreContract("memory", () => openMemoryStore({ ttlCheckIntervalMs: 20 }));
