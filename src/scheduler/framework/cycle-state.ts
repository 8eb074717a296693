/**
 * Per-cycle scratch space shared by the plugins of one scheduling cycle. Keys are plugin
 * owned strings. Preemption clones the state once per candidate node, so data that is
 * mutated by PreFilter extensions (AddPod/RemovePod) must implement clone().
 */

export interface StateData {
  clone(): StateData;
}

export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Filter plugins whose PreFilter returned Skip. */
  skipFilterPlugins: Set<string> = new Set();
  /** Score plugins whose PreScore returned Skip. */
  skipScorePlugins: Set<string> = new Set();

  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    return c;
  }
}
