/**
 * A CustomResourceDefinition for tests that need a custom kind but not a schema: namespaced,
 * group example.com, one served version v1 whose schema keeps every field (the whole object,
 * or only spec).
 */
export function freeFormCrd(plural: string, kind: string, keep: "object" | "spec" = "object"): Record<string, unknown> {
  const schema = keep === "object" ? { type: "object", "x-kubernetes-preserve-unknown-fields": true } : { type: "object", properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural, singular: kind.toLowerCase(), kind },
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}
