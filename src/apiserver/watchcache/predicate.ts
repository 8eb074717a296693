/**
 * Which objects a list or watch wants: a namespace, a label selector and a field selector
 * (validated against the kind's selectable fields; an unknown field is 400 as upstream).
 */
import { parseSelector, SelectorError, type Selector } from "../../api/labels/index.ts";
import { convertFieldSelector, fieldsOf, parseFieldSelector, type FieldSelector } from "../../api/fields/index.ts";
import type { ResourceInfo } from "../../api/resources.ts";
import { errors } from "../http/status.ts";
import type { CachedObject } from "./cached-object.ts";

export class Predicate {
  private constructor(
    readonly resource: ResourceInfo,
    /** "" selects every namespace. */
    readonly namespace: string,
    readonly labels: Selector | undefined,
    readonly fields: FieldSelector | undefined,
    /** An exact metadata.name the field selector requires, for fast paths. */
    readonly name: string | undefined,
  ) {}

  static everything(resource: ResourceInfo, namespace = ""): Predicate {
    return new Predicate(resource, namespace, undefined, undefined, undefined);
  }

  /** Parses selectors; malformed or unsupported ones are 400 BadRequest with upstream's message. */
  static parse(resource: ResourceInfo, namespace: string, labelSelector: string, fieldSelector: string): Predicate {
    let labels: Selector | undefined;
    let fields: FieldSelector | undefined;
    try {
      if (labelSelector !== "") {
        const s = parseSelector(labelSelector);
        if (!s.isEmpty()) labels = s;
      }
      if (fieldSelector !== "") {
        const f = convertFieldSelector(resource, parseFieldSelector(fieldSelector));
        if (!f.isEmpty()) fields = f;
      }
    } catch (e) {
      if (e instanceof SelectorError || e instanceof Error) throw errors.badRequest(e.message);
      throw e;
    }
    let ns = namespace;
    const nsField = fields?.requiresExactMatch("metadata.namespace");
    if (resource.namespaced && ns === "" && nsField !== undefined) ns = nsField;
    return new Predicate(resource, ns, labels, fields, fields?.requiresExactMatch("metadata.name"));
  }

  /** True when only the namespace restricts the result. */
  get selectsAllInNamespace(): boolean {
    return this.labels === undefined && this.fields === undefined;
  }

  matches(o: CachedObject): boolean {
    if (this.namespace !== "" && o.namespace !== this.namespace) return false;
    if (this.name !== undefined && o.name !== this.name) return false;
    if (this.labels && !this.labels.matches(o.obj.metadata.labels)) return false;
    if (this.fields) {
      const f = (o.fields ??= fieldsOf(this.resource, o.obj));
      if (!this.fields.matches(f)) return false;
    }
    return true;
  }
}
