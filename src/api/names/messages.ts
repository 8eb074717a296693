/** Upstream's validation message builders (k8s.io/apimachinery/pkg/util/validation). */

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** "msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')", spacing as upstream. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) out += " or ";
    out += `'${ex}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

export function emptyError(): string {
  return "must be non-empty";
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}
