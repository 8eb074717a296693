/** Objects the role-thread tests schedule: one Ready node with room, and a bare pod. */
export const readyNode = {
  apiVersion: "v1",
  kind: "Node",
  metadata: { name: "worker-1" },
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" }, capacity: { cpu: "4", memory: "8Gi", pods: "110" }, conditions: [{ type: "Ready", status: "True" }] },
};

export const barePod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "busybox" }] } });
