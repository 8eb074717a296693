/** Kubernetes' regex library (k8s.io/apiserver/pkg/cel/library/regex.go): find, findAll. */
import { CelEvalError } from "./errors.ts";
import { type Library, method } from "./functions.ts";
import { compileRe2, findAll } from "./re2.ts";
import { ArrayList } from "./values.ts";

function find(s: string, pattern: string): string {
  return compileRe2(pattern).re.exec(s)?.[0] ?? "";
}

function findAllN(s: string, pattern: string, n: bigint): ArrayList {
  const c = compileRe2(pattern);
  if (n === 0n) return new ArrayList([]);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new CelEvalError("findAll: limit out of range");
  return new ArrayList(findAll(c, s, n < 0n ? -1 : Number(n)));
}

export const REGEX_LIBRARY: Library = {
  find: method([1], [["string", "string"], find]),
  findAll: method(
    [1, 2],
    [["string", "string"], (s: string, p: string) => findAllN(s, p, -1n)],
    [["string", "string", "int"], findAllN],
  ),
};
