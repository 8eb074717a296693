/**
 * Kubernetes' format library (k8s.io/apiserver/pkg/cel/library/format.go): format.named(name)
 * and format.<name>() give a format whose validate(s) is optional.none() for a valid string,
 * else optional.of(list of apimachinery's error messages).
 */
import { global, type Library, method } from "./functions.ts";
import { parseRequestURI, UrlError } from "./go-url.ts";
import { ArrayList, CelObject, CelOptional } from "./values.ts";

const FORMAT_TYPE = "kubernetes.NamedFormat";

export class CelFormat extends CelObject {
  readonly typeName = FORMAT_TYPE;
  constructor(
    readonly name: string,
    readonly validate: (s: string) => string[],
  ) {
    super();
  }
  equals(other: CelObject): boolean {
    return other instanceof CelFormat && other.name === this.name;
  }
}

/** apimachinery's RegexError wording. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(" or ")}regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number): string => `must be no more than ${n} characters`;

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const whole = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const DNS1123_LABEL = whole(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN = whole(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL = whole(DNS1035_LABEL_FMT);
const QUALIFIED_NAME = whole(QUALIFIED_NAME_FMT);
const LABEL_VALUE = whole(LABEL_VALUE_FMT);

function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL.test(v)) {
    if (DNS1123_SUBDOMAIN.test(v)) errs.push("must not contain dots");
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL_FMT,
          "my-name",
          "123-abc",
        ),
      );
  }
  return errs;
}

function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        "example.com",
      ),
    );
  }
  return errs;
}

function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL_FMT,
        "my-name",
        "abc-123",
      ),
    );
  }
  return errs;
}

const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split("/");
  let name: string;
  if (parts.length === 1) name = parts[0] as string;
  else if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix === "") errs.push("prefix part must be non-empty");
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name === "") errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QUALIFIED_NAME.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")}`);
  return errs;
}

function isLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        "MyValue",
        "my_value",
        "12345",
      ),
    );
  }
  return errs;
}

/** apimachinery's maskTrailingDash, for the *Prefix formats (generateName prefixes). */
const maskTrailingDash = (s: string): string => (s.length > 1 && s.endsWith("-") ? s.slice(0, -2) + "a" : s);

const validDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
};

/** strfmt's DateTime layouts: RFC 3339 with optional fraction and offset (with or without colon), or local time. */
const DATETIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

const FORMATS: Record<string, CelFormat> = {
  dns1123Label: new CelFormat("DNS1123Label", isDNS1123Label),
  dns1123Subdomain: new CelFormat("DNS1123Subdomain", isDNS1123Subdomain),
  dns1035Label: new CelFormat("DNS1035Label", isDNS1035Label),
  qualifiedName: new CelFormat("QualifiedName", isQualifiedName),
  dns1123LabelPrefix: new CelFormat("DNS1123LabelPrefix", (s) => isDNS1123Label(maskTrailingDash(s))),
  dns1123SubdomainPrefix: new CelFormat("DNS1123SubdomainPrefix", (s) => isDNS1123Subdomain(maskTrailingDash(s))),
  dns1035LabelPrefix: new CelFormat("DNS1035LabelPrefix", (s) => isDNS1035Label(maskTrailingDash(s))),
  labelValue: new CelFormat("LabelValue", isLabelValue),
  uri: new CelFormat("URI", (s) => {
    try {
      parseRequestURI(s);
      return [];
    } catch (e) {
      if (e instanceof UrlError) return [`parse ${JSON.stringify(s)}: ${e.message}`];
      throw e;
    }
  }),
  uuid: new CelFormat("uuid", (s) =>
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^[0-9a-f]{32}$/i.test(s) ? [] : ["does not match the UUID format"],
  ),
  byte: new CelFormat("byte", (s) => (/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) ? [] : ["invalid base64"])),
  date: new CelFormat("date", (s) => (validDate(s) ? [] : ["invalid date"])),
  datetime: new CelFormat("datetime", (s) => {
    const m = DATETIME.exec(s);
    const ok = m !== null && validDate(m[1] as string) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[5] ?? 0) < 60;
    return ok ? [] : ["invalid datetime"];
  }),
};

const F = `object:${FORMAT_TYPE}` as const;

export const FORMAT_LIBRARY: Library = {
  "format.named": global([1], [["string"], (name: string) => (FORMATS[name] ? CelOptional.of(FORMATS[name]) : CelOptional.NONE)]),
  ...Object.fromEntries(Object.entries(FORMATS).map(([name, f]) => [`format.${name}`, global([0], [[], () => f])])),
  validate: method(
    [1],
    [
      [F, "string"],
      (f: CelFormat, s: string) => {
        const errs = f.validate(s);
        return errs.length === 0 ? CelOptional.NONE : CelOptional.of(new ArrayList(errs));
      },
    ],
  ),
};
