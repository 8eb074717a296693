import { describe, expect, test } from "bun:test";
import { Diagnosis, FitError } from "../../../../src/scheduler/framework/fit-error.ts";
import { Code, Status } from "../../../../src/scheduler/framework/status.ts";
import { makePod } from "../builders.ts";

describe("Status", () => {
  test("message joins reasons; rejection codes", () => {
    const s = new Status(Code.Unschedulable, ["Insufficient cpu", "Insufficient memory"]);
    expect(s.message()).toBe("Insufficient cpu, Insufficient memory");
    expect(s.isRejected()).toBe(true);
    expect(new Status(Code.UnschedulableAndUnresolvable).isRejected()).toBe(true);
    expect(new Status(Code.Pending).isRejected()).toBe(true);
    expect(new Status(Code.Error).isRejected()).toBe(false);
    expect(new Status(Code.Wait).isSuccess()).toBe(false);
  });
});

describe("FitError message", () => {
  const st = (code: Code, ...r: string[]) => new Status(code, r);
  test("sorted histogram of reasons, then the PostFilter message", () => {
    const d = new Diagnosis();
    d.nodeToStatus.set("a", st(Code.Unschedulable, "Insufficient cpu"));
    d.nodeToStatus.set("b", st(Code.Unschedulable, "Insufficient cpu"));
    d.nodeToStatus.set("c", st(Code.Unschedulable, "Insufficient cpu", "Insufficient memory"));
    d.nodeToStatus.set("d", st(Code.UnschedulableAndUnresolvable, "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"));
    d.nodeToStatus.set("e", st(Code.UnschedulableAndUnresolvable, "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"));
    d.postFilterMsg = "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.";
    expect(new FitError(makePod("p"), 5, d).message()).toBe(
      "0/5 nodes are available: 1 Insufficient memory, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. " +
        "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
    );
  });
  test("a PreFilter rejection is reported once, not per node", () => {
    const d = new Diagnosis();
    d.preFilterMsg = "pod affinity terms conflict";
    d.nodeToStatus.absentStatus = st(Code.UnschedulableAndUnresolvable, "pod affinity terms conflict");
    expect(new FitError(makePod("p"), 3, d).message()).toBe("0/3 nodes are available: pod affinity terms conflict.");
  });
  test("nodes absent from the map use the absent status", () => {
    const d = new Diagnosis();
    d.nodeToStatus.set("a", st(Code.Unschedulable, "Insufficient cpu"));
    d.nodeToStatus.absentStatus = st(Code.UnschedulableAndUnresolvable, "Preemption is not helpful for scheduling");
    expect(new FitError(makePod("p"), 4, d).message()).toBe("0/4 nodes are available: 1 Insufficient cpu, 3 Preemption is not helpful for scheduling.");
  });
});
