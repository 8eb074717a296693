import { expect, test } from "bun:test";
import { childrenOf, killTree } from "../../../../../src/kubelet/runtime/process/procs.ts";

test("childrenOf lists a live process's children and nothing for a process that is gone", async () => {
  const p = Bun.spawn(["sh", "-c", "sleep 5 & wait"]);
  let kids: number[] = [];
  for (let i = 0; i < 100 && kids.length === 0; i++) {
    kids = childrenOf(p.pid);
    await Bun.sleep(10);
  }
  expect(kids).toHaveLength(1);
  killTree(p.pid);
  await p.exited;
  expect(childrenOf(p.pid)).toEqual([]);
  // a process that exits while its tree is walked is not an error
  expect(() => killTree(p.pid)).not.toThrow();
});
