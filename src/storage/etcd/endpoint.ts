import { StorageError } from "../errors.ts";

/**
 * `etcd://h1:2379,h2:2379` (plain HTTP), `http://…` or `https://h1:2379,h2:2379` to the
 * etcd3 client's host URLs. Each host may repeat the scheme; a path is not allowed.
 */
export function parseEtcdEndpoint(endpoint: string): string[] {
  const m = /^(etcd|http|https):\/\/(.+)$/i.exec(endpoint.trim());
  if (!m) throw new StorageError(`invalid etcd endpoint "${endpoint}": expected etcd://host:port[,host:port...]`, "InvalidEndpoint");
  const scheme = m[1]!.toLowerCase() === "https" ? "https" : "http";
  const hosts = m[2]!.split(",").map((h) => h.trim()).filter((h) => h !== "");
  if (hosts.length === 0) throw new StorageError(`etcd endpoint "${endpoint}" names no host`, "InvalidEndpoint");
  return hosts.map((h) => {
    const bare = h.replace(/^(etcd|https?):\/\//i, "");
    if (!/^[^/\s]+$/.test(bare)) throw new StorageError(`invalid etcd host "${h}" in "${endpoint}"`, "InvalidEndpoint");
    return `${scheme}://${bare.includes(":") ? bare : `${bare}:2379`}`;
  });
}
