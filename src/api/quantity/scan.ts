import { ERR_FORMAT_WRONG, QuantityError } from "./errors.ts";

/** The pieces of a quantity string, as upstream's parseQuantityString splits them. */
export interface ScannedQuantity {
  positive: boolean;
  /** The numeric text including sign, as written (before the suffix). */
  value: string;
  /** Integer digits with leading zeros removed ("0" when none). */
  num: string;
  /** Fraction digits as written. */
  denom: string;
  suffix: string;
}

const SUFFIX_CHARS = "eEinumkKMGTP";

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/**
 * Splits a quantity into sign, number and suffix. Deliberately permissive (like upstream):
 * the suffix is only checked later; a non-digit after the suffix's sign is ErrFormatWrong.
 */
export function scanQuantity(str: string): ScannedQuantity {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    if (str[0] === "-") {
      positive = false;
      pos++;
    } else if (str[0] === "+") {
      pos++;
    }
  }
  // strip leading zeros
  while (true) {
    if (pos >= end) return { positive, value: "0", num: "0", denom: "", suffix: "" };
    if (str[pos] !== "0") break;
    pos++;
  }
  // numerator
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos) || "0", denom: "", suffix: "" };
  const num = str.slice(pos, i) || "0";
  pos = i;
  // denominator
  let denom = "";
  if (str[pos] === ".") {
    pos++;
    let j = pos;
    while (j < end && isDigit(str[j])) j++;
    denom = str.slice(pos, j);
    if (j >= end) return { positive, value: str, num, denom, suffix: "" };
    pos = j;
  }
  const value = str.slice(0, pos);
  // suffix: letters, then an optional sign, then digits to the end
  const suffixStart = pos;
  let k = pos;
  while (k < end && SUFFIX_CHARS.includes(str[k] as string)) k++;
  if (k >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  if (str[k] === "-" || str[k] === "+") k++;
  while (k < end && isDigit(str[k])) k++;
  if (k >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  throw new QuantityError(ERR_FORMAT_WRONG);
}
