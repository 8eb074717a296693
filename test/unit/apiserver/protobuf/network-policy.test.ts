import { describe, expect, test } from "bun:test";
import { decodeProtobufBody, messageFor } from "../../../../src/apiserver/protobuf/decode.ts";
import { envelope as networkingEnvelope, msg, str, strEntry as entry, vint } from "../../../helpers/protobuf-writer.ts";

/** networking.k8s.io/v1 NetworkPolicy protobuf bodies (k8s.io/api v0.34.9 generated.proto: no status, tag 3 reserved). */

const envelope = (raw: number[]) => networkingEnvelope("networking.k8s.io/v1", "NetworkPolicy", raw);
/** intstr.IntOrString: type 0 with intVal, type 1 with strVal. */
const intPort = (n: number, v: number) => msg(n, vint(1, 0), vint(2, v));
const namedPort = (n: number, v: string) => msg(n, vint(1, 1), str(3, v));

describe("NetworkPolicy protobuf bodies", () => {
  test("message name", () => expect(messageFor("networking.k8s.io/v1", "NetworkPolicy")).toBe("networking.v1.NetworkPolicy"));

  test("selectors, ports (numbered, named, ranges), peers, ip blocks and policy types", () => {
    const raw = [
      ...msg(1, str(1, "db"), str(3, "np")),
      ...msg(
        2,
        msg(1, entry(1, "app", "db")),
        // ingress: ports TCP/5432 and named "metrics"; from a pod selector and an ip block
        msg(2, msg(1, str(1, "TCP"), intPort(2, 5432)), msg(1, namedPort(2, "metrics")), msg(2, msg(1, entry(1, "role", "client"))), msg(2, msg(3, str(1, "10.0.0.0/8"), str(2, "10.1.0.0/16")))),
        // egress: UDP 53 to 60 to every namespace
        msg(3, msg(1, str(1, "UDP"), intPort(2, 53), vint(3, 60)), msg(2, msg(2))),
        str(4, "Ingress"),
        str(4, "Egress"),
      ),
    ];
    expect(decodeProtobufBody(envelope(raw))).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "db", namespace: "np" },
      spec: {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ ports: [{ protocol: "TCP", port: 5432 }, { port: "metrics" }], from: [{ podSelector: { matchLabels: { role: "client" } } }, { ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }] }],
        egress: [{ ports: [{ protocol: "UDP", port: 53, endPort: 60 }], to: [{ namespaceSelector: {} }] }],
        policyTypes: ["Ingress", "Egress"],
      },
    });
  });

  test("an empty spec keeps its pod selector (not omitempty upstream)", () => {
    expect(decodeProtobufBody(envelope([...msg(1, str(1, "deny")), ...msg(2, msg(1))]))).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "deny" },
      spec: { podSelector: {} },
    });
  });
});
