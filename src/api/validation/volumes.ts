import type { Volume } from "../types/index.ts";
import { duplicate, forbidden, invalid, required, type FieldError, type Path } from "./field-error.ts";
import { arr, enumValue, isObj, type Obj, quantityAt } from "./helpers.ts";
import { validateDNS1123Label } from "./container.ts";
import { IS_NEGATIVE } from "./object-meta.ts";

/** Pod volumes: unique DNS-label names and exactly one source, with per-source essentials. */

const SOURCES = [
  "hostPath",
  "emptyDir",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "secret",
  "nfs",
  "iscsi",
  "glusterfs",
  "persistentVolumeClaim",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "downwardAPI",
  "fc",
  "azureFile",
  "configMap",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "projected",
  "portworxVolume",
  "scaleIO",
  "storageos",
  "csi",
  "ephemeral",
  "image",
];

const HOST_PATH_TYPES = ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"];

function validateKeyToPaths(items: unknown, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  arr<Obj>(items).forEach((it, i) => {
    const p = path.index(i);
    if (!it["key"]) errs.push(required(p.child("key"), ""));
    const target = typeof it["path"] === "string" ? it["path"] : "";
    if (!target) errs.push(required(p.child("path"), ""));
    else {
      if (target.startsWith("/")) errs.push(invalid(p.child("path"), target, "must be a relative path"));
      if (target.split("/").includes("..")) errs.push(invalid(p.child("path"), target, "must not contain '..'"));
    }
    const mode = it["mode"];
    if (typeof mode === "number" && (mode > 0o777 || mode < 0))
      errs.push(invalid(p.child("mode"), mode, "must be a number between 0 and 0777 (octal), both inclusive"));
  });
  return errs;
}

function validateSource(v: Obj, kind: string, path: Path): FieldError[] {
  const p = path.child(kind);
  const errs: FieldError[] = [];
  switch (kind) {
    case "hostPath":
      if (!v["path"]) errs.push(required(p.child("path"), ""));
      if (v["type"] !== undefined) errs.push(...enumValue(v["type"], HOST_PATH_TYPES, p.child("type"), false));
      break;
    case "emptyDir":
      if (v["medium"] !== undefined) errs.push(...enumValue(v["medium"], ["", "Memory", "HugePages"], p.child("medium"), false));
      if (v["sizeLimit"] !== undefined) {
        const q = quantityAt(v["sizeLimit"], p.child("sizeLimit"), errs);
        if (q && q.sign() < 0) errs.push(invalid(p.child("sizeLimit"), q, IS_NEGATIVE));
      }
      break;
    case "secret":
      if (!v["secretName"]) errs.push(required(p.child("secretName"), ""));
      errs.push(...validateKeyToPaths(v["items"], p.child("items")));
      break;
    case "configMap":
      if (!v["name"]) errs.push(required(p.child("name"), ""));
      errs.push(...validateKeyToPaths(v["items"], p.child("items")));
      break;
    case "persistentVolumeClaim":
      if (!v["claimName"]) errs.push(required(p.child("claimName"), ""));
      break;
    case "nfs":
      if (!v["server"]) errs.push(required(p.child("server"), ""));
      if (!v["path"]) errs.push(required(p.child("path"), ""));
      break;
    case "csi":
      if (!v["driver"]) errs.push(required(p.child("driver"), ""));
      break;
    case "image":
      if (!v["reference"]) errs.push(required(p.child("reference"), ""));
      break;
  }
  return errs;
}

/** Returns the names of valid volumes (for volumeMounts) and the errors. */
export function validateVolumes(volumes: Volume[] | undefined, path: Path): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  arr<Volume>(volumes).forEach((vol, i) => {
    const p = path.index(i);
    const el: FieldError[] = [];
    const v = vol as unknown as Obj;
    const present = SOURCES.filter((s) => isObj(v[s]));
    if (present.length === 0) el.push(required(p, "must specify a volume type"));
    else {
      for (const extra of present.slice(1)) el.push(forbidden(p.child(extra), "may not specify more than 1 volume type"));
      el.push(...validateSource(v[present[0] as string] as Obj, present[0] as string, p));
    }
    const name = vol.name ?? "";
    if (!name) el.push(required(p.child("name"), ""));
    else el.push(...validateDNS1123Label(name, p.child("name")));
    if (names.has(name)) el.push(duplicate(p.child("name"), name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { names, errs };
}
