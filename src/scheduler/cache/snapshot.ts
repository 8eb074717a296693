/**
 * The snapshot a scheduling cycle reads: NodeInfo copies taken at the start of the cycle,
 * the node list in node-tree order, and the sublists of nodes with affinity pods.
 * Updated incrementally by Cache.updateSnapshot; NodeInfo objects keep their identity.
 */
import type { NodeInfoLister } from "../framework/interfaces.ts";
import type { NodeInfo } from "../framework/node-info.ts";

/** Mirrors snapshot NodeInfos into shared memory for the scoring pool. */
export interface NodeRowSink {
  write(ni: NodeInfo): void;
  release(ni: NodeInfo): void;
}

export class Snapshot implements NodeInfoLister {
  readonly nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  havePodsWithAffinity: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinity: NodeInfo[] = [];
  generation = 0;
  sink: NodeRowSink | null = null;

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }

  get(name: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(name);
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithAffinity;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithRequiredAntiAffinity;
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }
}

/** A standalone snapshot from NodeInfos (tests, simulations). */
export function snapshotOf(infos: NodeInfo[]): Snapshot {
  const s = new Snapshot();
  for (const ni of infos) s.nodeInfoMap.set(ni.name, ni);
  s.nodeInfoList = infos;
  s.havePodsWithAffinity = infos.filter((n) => n.podsWithAffinity.length > 0);
  s.havePodsWithRequiredAntiAffinity = infos.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
  return s;
}
