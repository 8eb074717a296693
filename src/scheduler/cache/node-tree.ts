/**
 * Nodes grouped by zone (region + zone labels); list() interleaves the zones so that the
 * first nodes evaluated in a cycle are spread across zones, as upstream's nodeTree does.
 */
import type { Node } from "../api-types.ts";

export function zoneKey(node: Node): string {
  const l = node.metadata.labels ?? {};
  const region = l["topology.kubernetes.io/region"] ?? "";
  const zone = l["topology.kubernetes.io/zone"] ?? "";
  return region === "" && zone === "" ? "" : `${region}:\u0000:${zone}`;
}

export class NodeTree {
  private readonly tree = new Map<string, string[]>();
  private readonly zones: string[] = [];
  numNodes = 0;

  add(node: Node): void {
    const z = zoneKey(node);
    const name = node.metadata.name ?? "";
    let list = this.tree.get(z);
    if (!list) {
      this.tree.set(z, (list = []));
      this.zones.push(z);
    }
    if (list.includes(name)) return;
    list.push(name);
    this.numNodes++;
  }

  remove(node: Node): boolean {
    const z = zoneKey(node);
    const list = this.tree.get(z);
    const name = node.metadata.name ?? "";
    const i = list?.indexOf(name) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    if (list.length === 0) {
      this.tree.delete(z);
      this.zones.splice(this.zones.indexOf(z), 1);
    }
    this.numNodes--;
    return true;
  }

  update(oldNode: Node, newNode: Node): void {
    if (zoneKey(oldNode) === zoneKey(newNode)) return;
    this.remove(oldNode);
    this.add(newNode);
  }

  /** All node names, zones interleaved round-robin. */
  list(): string[] {
    if (this.zones.length === 1) return this.tree.get(this.zones[0]!)!.slice();
    const out: string[] = [];
    for (let i = 0; out.length < this.numNodes; i++) {
      for (const z of this.zones) {
        const list = this.tree.get(z)!;
        if (i < list.length) out.push(list[i]!);
      }
    }
    return out;
  }
}
