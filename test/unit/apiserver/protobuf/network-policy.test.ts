import { describe, expect, test } from "bun:test";
import { decodeProtobufBody, messageFor } from "../../../../src/apiserver/protobuf/decode.ts";

/** networking.k8s.io/v1 NetworkPolicy protobuf bodies (k8s.io/api v0.34.9 generated.proto: no status, tag 3 reserved). */

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v > 0) b |= 0x80;
    out.push(b);
  } while (v > 0);
  return out;
}
const enc = new TextEncoder();
type Part = number[];
const tag = (n: number, wt: number) => varint(n * 8 + wt);
const vint = (n: number, v: number): Part => [...tag(n, 0), ...varint(v)];
const bytes = (n: number, b: number[]): Part => [...tag(n, 2), ...varint(b.length), ...b];
const str = (n: number, s: string) => bytes(n, [...enc.encode(s)]);
const msg = (n: number, ...parts: Part[]) => bytes(n, parts.flat());
const entry = (n: number, k: string, v: string) => msg(n, str(1, k), str(2, v));
const envelope = (raw: number[]) => new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...msg(1, str(1, "networking.k8s.io/v1"), str(2, "NetworkPolicy")), ...bytes(2, raw)]);
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
