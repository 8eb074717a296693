/**
 * kubectl describe's output machinery: a prefix writer with indentation levels whose
 * text goes through a tab writer (padding 2), multi-line Labels/Annotations, and
 * timestamps in RFC 1123 with a numeric zone.
 */
import { tabwrite } from "../print/tabwriter.ts";

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

export class DescribeWriter {
  private done = "";
  private buf = "";

  /** Writes text at an indentation level (two spaces a level). */
  write(level: number, text: string): void {
    this.buf += "  ".repeat(level) + text;
  }

  /** Ends the current alignment block (kubectl's w.Flush()). */
  flush(): void {
    if (this.buf) this.done += tabwrite(this.buf, 2);
    this.buf = "";
  }

  toString(): string {
    this.flush();
    return this.done;
  }
}

const SKIPPED_ANNOTATIONS = new Set(["kubectl.kubernetes.io/last-applied-configuration"]);
const MAX_ANNOTATION_LEN = 140;

/** `Labels:  a=b` with further labels on their own aligned lines; `<none>` when empty. */
export function writeLabels(w: DescribeWriter, title: string, labels: Record<string, string> | undefined, level = LEVEL_0): void {
  w.write(level, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.write(LEVEL_0, "<none>\n");
    return;
  }
  keys.forEach((k, i) => {
    if (i === 0) w.write(LEVEL_0, `${k}=${labels![k]}\n`);
    else w.write(level, `\t${k}=${labels![k]}\n`);
  });
}

/** `Annotations:  key: value`; long or multi-line values on their own lines, cut at 140 characters, as kubectl. */
export function writeAnnotations(w: DescribeWriter, title: string, annotations: Record<string, string> | undefined, level = LEVEL_0): void {
  w.write(level, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !SKIPPED_ANNOTATIONS.has(k))
    .sort();
  if (keys.length === 0) {
    w.write(LEVEL_0, "<none>\n");
    return;
  }
  const indent = "  ".repeat(level);
  keys.forEach((k, i) => {
    if (i !== 0) w.write(level, "\t");
    const v = annotations![k]!.replace(/\n$/, "");
    if (v.length + k.length + 2 > MAX_ANNOTATION_LEN || v.includes("\n")) {
      w.write(LEVEL_0, `${k}:\n`);
      for (const line of v.split("\n")) w.write(LEVEL_0, `${indent}\t  ${shorten(line, MAX_ANNOTATION_LEN - 2)}\n`);
    } else w.write(LEVEL_0, `${k}: ${v}\n`);
  });
}

function shorten(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + "..." : s;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Fri, 27 Nov 2026 09:11:37 +0000" in local time (Go's time.RFC1123Z); "" for unset. */
export function rfc1123z(ts: string | undefined): string {
  if (!ts) return "";
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const p2 = (n: number) => String(n).padStart(2, "0");
  const off = -d.getTimezoneOffset();
  const zone = `${off >= 0 ? "+" : "-"}${p2(Math.trunc(Math.abs(off) / 60))}${p2(Math.abs(off) % 60)}`;
  return `${DAYS[d.getDay()]}, ${p2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${zone}`;
}

/** `a=b,c=d` (sorted), or "<none>". */
export function labelsInline(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${labels![k]}`).join(",");
}
