/**
 * Variable references as upstream's third_party/forked/golang/expansion: "$(NAME)"
 * becomes the variable's value when NAME is defined and stays as written otherwise;
 * "$$" is an escaped "$".
 */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c !== "$" || i + 1 >= input.length) {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1]!;
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "(") {
      const close = input.indexOf(")", i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const v = lookup(name);
      out += v ?? `$(${name})`;
      i = close + 1;
      continue;
    }
    out += "$" + next;
    i += 2;
  }
  return out;
}
