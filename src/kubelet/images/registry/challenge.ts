/** WWW-Authenticate challenges (RFC 7235) as registries send them. */

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses one or more challenges: `Bearer realm="...",service="...",scope="..."`. */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const s = header;
  const skipWs = () => {
    while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === ",")) i++;
  };
  while (i < s.length) {
    skipWs();
    const m = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+/.exec(s.slice(i));
    if (!m) break;
    const scheme = m[0];
    i += scheme.length;
    const params: Record<string, string> = {};
    for (;;) {
      const save = i;
      skipWs();
      const km = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*/.exec(s.slice(i));
      if (!km) {
        i = save;
        break;
      }
      i += km[0].length;
      let value = "";
      if (s[i] === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === "\\" && i + 1 < s.length) i++;
          value += s[i];
          i++;
        }
        i++;
      } else {
        const vm = /^[^,\s]*/.exec(s.slice(i))!;
        value = vm[0];
        i += value.length;
      }
      params[km[1]!.toLowerCase()] = value;
    }
    out.push({ scheme: scheme.toLowerCase(), params });
  }
  return out;
}
