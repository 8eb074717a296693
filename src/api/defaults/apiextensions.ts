import { child, isObj, list, type Obj } from "./util.ts";

/**
 * apiextensions.k8s.io/v1 defaults (SetObjectDefaults_CustomResourceDefinition, v1.34):
 *  - spec.names.singular: the lower-cased kind when empty;
 *  - spec.names.listKind: kind + "List" when empty and a kind is set;
 *  - spec.conversion: {strategy: None} when absent;
 *  - spec.conversion.webhook.clientConfig.service.port: 443 when unset;
 *  - status.storedVersions: the storage version when empty.
 * JSONSchemaProps has no defaulting of its own.
 */
export function defaultCustomResourceDefinition(crd: Obj): void {
  const spec = child(crd, "spec");
  const names = child(spec, "names");
  const kind = typeof names["kind"] === "string" ? names["kind"] : "";
  // Go sets "" too when kind is empty; omitempty then leaves it out, so nothing is set here.
  if (!names["singular"] && kind !== "") names["singular"] = kind.toLowerCase();
  if (!names["listKind"] && kind !== "") names["listKind"] = `${kind}List`;
  if (!isObj(spec["conversion"])) spec["conversion"] = { strategy: "None" };
  const conversion = spec["conversion"] as Obj;
  const webhook = conversion["webhook"];
  if (isObj(webhook) && isObj(webhook["clientConfig"])) {
    const service = webhook["clientConfig"]["service"];
    if (isObj(service) && (service["port"] === undefined || service["port"] === null)) service["port"] = 443;
  }
  const status = isObj(crd["status"]) ? crd["status"] : undefined;
  const stored = status && Array.isArray(status["storedVersions"]) ? status["storedVersions"] : [];
  if (stored.length === 0) {
    const storage = list(spec, "versions").find((v) => v["storage"] === true);
    if (storage) child(crd, "status")["storedVersions"] = [typeof storage["name"] === "string" ? storage["name"] : ""];
  }
}
