export { EtcdStore, openEtcdStore, type EtcdStoreOptions } from "./etcd-store.ts";
export { parseEtcdEndpoint } from "./endpoint.ts";
