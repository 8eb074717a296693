/** DefaultBinder: binds through the API (POST pods/{name}/binding). */
import type { Pod } from "../../api-types.ts";
import type { CycleState } from "../../framework/cycle-state.ts";
import type { BindPlugin, Handle, PluginFactory } from "../../framework/interfaces.ts";
import type { Result } from "../../framework/status.ts";
import { podRef } from "../../source.ts";
import { Names } from "../names.ts";

export class DefaultBinder implements BindPlugin {
  readonly name = Names.DefaultBinder;

  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: Pod, nodeName: string): Promise<Result> {
    await this.handle.client.bind(podRef(pod), nodeName);
    return null;
  }
}

export const newDefaultBinder: PluginFactory = (_args, handle) => new DefaultBinder(handle);
