import { describe, expect, test } from "bun:test";
import { labelSelectorMatches, parseSelector, Selector, SelectorError, selectorFromLabelSelector, selectorFromSet } from "../../../../src/api/labels/index.ts";
import type { LabelSelector } from "../../../../src/api/meta/types.ts";

describe("parseSelector: canonical string", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["x=a,y=b,z=c", "x=a,y=b,z=c"],
    ["z=c,x=a", "x=a,z=c"],
    ["x!=a,y=b", "x!=a,y=b"],
    ["x=", "x="],
    ["x= ", "x="],
    ["x=,z= ", "x=,z="],
    ["x==a", "x==a"],
    ["!x", "!x"],
    ["x", "x"],
    ["x>1", "x>1"],
    ["x>1,z<5", "x>1,z<5"],
    ["x in (b,a)", "x in (a,b)"],
    ["x notin (a)", "x notin (a)"],
    ["x in (a,,b)", "x in (,a,b)"],
    ["x in ()", "x in ()"],
    ["  environment  in  (production,qa) , tier notin (frontend)", "environment in (production,qa),tier notin (frontend)"],
    ["x in (in,notin)", "x in (in,notin)"],
    ["example.com/app=web", "example.com/app=web"],
    ["app.kubernetes.io/managed-by=Helm,owner=helm", "app.kubernetes.io/managed-by=Helm,owner=helm"],
  ];
  for (const [input, want] of cases) test(JSON.stringify(input), () => expect(parseSelector(input).toString()).toBe(want));
});

describe("parseSelector: errors with upstream messages", () => {
  const cases: [string, string][] = [
    ["x==a==b", "found '==', expected: ',' or 'end of string'"],
    ["!x=a", "found '=', expected: ',' or 'end of string'"],
    ["x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"],
    ["x=a,", "found '', expected: identifier after ','"],
    [",x=a", "found ',', expected: !, identifier, or 'end of string'"],
    ["x in a", "unable to parse requirement: found 'a' expected: '('"],
    ["x in (a", "unable to parse requirement: found '', expected: ',' or ')'"],
    ["x ~ a", "unable to parse requirement: found '~', expected: in, notin, =, ==, !=, gt, lt"],
    ["x (a)", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    [
      "a b=c",
      "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
    ],
    [
      "x=a||y=b",
      "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    [
      "a$b",
      "unable to parse requirement: <nil>: Invalid value: \"a$b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
    [
      "/a=b",
      "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty",
    ],
  ];
  for (const [input, message] of cases) {
    test(JSON.stringify(input), () => expect(() => parseSelector(input)).toThrow(new SelectorError(message)));
  }
});

describe("matches", () => {
  const labels = { app: "web", tier: "frontend", replicas: "3", empty: "" };
  const cases: [string, Record<string, string> | undefined, boolean][] = [
    ["", labels, true],
    ["", undefined, true],
    ["app=web", labels, true],
    ["app==web", labels, true],
    ["app=db", labels, false],
    ["app!=db", labels, true],
    ["missing!=x", labels, true],
    ["app in (web,db)", labels, true],
    ["app notin (web,db)", labels, false],
    ["missing notin (a)", labels, true],
    ["missing in (a)", labels, false],
    ["app", labels, true],
    ["missing", labels, false],
    ["!missing", labels, true],
    ["!app", labels, false],
    ["replicas>2", labels, true],
    ["replicas>3", labels, false],
    ["replicas<4", labels, true],
    ["app>1", labels, false],
    ["missing<4", labels, false],
    ["empty=", labels, true],
    ["empty in ()", labels, true],
    ["app=web,tier=frontend", labels, true],
    ["app=web,tier=backend", labels, false],
    ["app=web", undefined, false],
    ["!app", undefined, true],
  ];
  for (const [sel, ls, want] of cases) test(`${JSON.stringify(sel)} on ${JSON.stringify(ls)}`, () => expect(parseSelector(sel).matches(ls)).toBe(want));
});

describe("selectorFromLabelSelector (metav1.LabelSelectorAsSelector)", () => {
  const cases: [string, LabelSelector | undefined | null, string, Record<string, string>, boolean][] = [
    ["nil matches nothing", undefined, "", { a: "b" }, false],
    ["null matches nothing", null, "", {}, false],
    ["empty matches everything", {}, "", { a: "b" }, true],
    ["matchLabels", { matchLabels: { app: "web", tier: "fe" } }, "app=web,tier=fe", { app: "web", tier: "fe", x: "y" }, true],
    ["matchLabels mismatch", { matchLabels: { app: "web" } }, "app=web", { app: "db" }, false],
    [
      "expressions",
      {
        matchExpressions: [
          { key: "env", operator: "In", values: ["prod", "qa"] },
          { key: "tier", operator: "NotIn", values: ["db"] },
          { key: "app", operator: "Exists" },
          { key: "legacy", operator: "DoesNotExist" },
        ],
      },
      "app,env in (prod,qa),!legacy,tier notin (db)",
      { env: "qa", app: "x", tier: "fe" },
      true,
    ],
  ];
  for (const [name, sel, str, labels, want] of cases) {
    test(name, () => {
      const s = selectorFromLabelSelector(sel);
      expect(s.toString()).toBe(str);
      expect(s.matches(labels)).toBe(want);
      expect(labelSelectorMatches(sel, labels)).toBe(want);
    });
  }
  test("nothing is not empty; everything is", () => {
    expect(selectorFromLabelSelector(undefined).isEmpty()).toBe(false);
    expect(selectorFromLabelSelector({}).isEmpty()).toBe(true);
    expect(Selector.nothing().matches({})).toBe(false);
  });
  test("invalid operator and values", () => {
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: "a", operator: "Bogus" as "In" }] })).toThrow(
      new SelectorError('"Bogus" is not a valid label selector operator'),
    );
    expect(() => selectorFromLabelSelector({ matchExpressions: [{ key: "a", operator: "In", values: [] }] })).toThrow(
      new SelectorError("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"),
    );
  });
  test("selectorFromSet", () => {
    expect(selectorFromSet({ b: "2", a: "1" }).toString()).toBe("a=1,b=2");
    expect(selectorFromSet(undefined).isEmpty()).toBe(true);
    expect(parseSelector("app=web,x in (a)").requiresExactMatch("app")).toBe("web");
  });
});
