import * as dns from "../names/dns.ts";
import * as qualified from "../names/qualified.ts";

/**
 * The name checks validation uses, memoized on the values they accept: the same label
 * keys, resource names and port names come by on every write, and a value seen valid
 * skips the regexes. The checks are pure, so answers are unchanged; each memo holds at
 * most MEMO_LIMIT values and starts over when full.
 */
const MEMO_LIMIT = 4096;

function acceptMemo(check: (value: string) => string[]): (value: string) => string[] {
  const valid = new Set<string>();
  return (value) => {
    if (valid.has(value)) return [];
    const msgs = check(value);
    if (msgs.length === 0) {
      if (valid.size >= MEMO_LIMIT) valid.clear();
      valid.add(value);
    }
    return msgs;
  };
}

export const isQualifiedName = acceptMemo(qualified.isQualifiedName);
export const isValidLabelValue = acceptMemo(qualified.isValidLabelValue);
export const isConfigMapKey = acceptMemo(qualified.isConfigMapKey);
export const isEnvVarName = acceptMemo(qualified.isEnvVarName);
export const isValidPortName = acceptMemo(qualified.isValidPortName);
export const isDNS1123Label = acceptMemo(dns.isDNS1123Label);
export const isDNS1123Subdomain = acceptMemo(dns.isDNS1123Subdomain);
export const { isValidPortNum, isValidPercent } = qualified;
