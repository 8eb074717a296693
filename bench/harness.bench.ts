/** Baseline figures of the runtime itself, so other sections can be read against them. */
import { bench, do_not_optimize } from "mitata";
import { report, runMitata } from "./harness.ts";

const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "web-0", namespace: "default", labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "busybox" }] } };
const json = JSON.stringify(pod);

bench("JSON.stringify small pod", () => do_not_optimize(JSON.stringify(pod)));
bench("JSON.parse small pod", () => do_not_optimize(JSON.parse(json)));

report("Runtime baseline", await runMitata());
