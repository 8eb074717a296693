/**
 * The tag of an image reference as upstream's parsers.ParseImageName sees it: "latest"
 * when neither tag nor digest is given, "" when only a digest is, or for invalid names.
 */
const NAME_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

export function imageTag(image: string): string {
  if (!image || image !== image.trim()) return "";
  let rest = image;
  let digest = "";
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest)) return "";
  }
  let tag = "";
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return "";
  }
  // Validate the path components after an optional registry host.
  const parts = rest.split("/");
  const first = parts[0] ?? "";
  const hasHost = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  const path = hasHost ? parts.slice(1) : parts;
  if (path.length === 0 || !path.every((p) => NAME_COMPONENT.test(p))) return "";
  if (!tag && !digest) return "latest";
  return tag;
}
