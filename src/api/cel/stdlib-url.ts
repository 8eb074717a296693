/**
 * Kubernetes' URL library (k8s.io/apiserver/pkg/cel/library/urls.go): url, isURL, getScheme,
 * getHost, getHostname, getPort, getEscapedPath, getQuery.
 */
import { CelEvalError } from "./errors.ts";
import { global, type Library, method } from "./functions.ts";
import { escapedPath, type GoUrl, hostname, parseRequestURI, parseUrl, port, query, UrlError } from "./go-url.ts";
import { ArrayList, CelObject, LiteralMap } from "./values.ts";

const URL_TYPE = "kubernetes.URL";
const T = `object:${URL_TYPE}` as const;

export class CelUrl extends CelObject {
  readonly typeName = URL_TYPE;
  constructor(
    readonly raw: string,
    readonly url: GoUrl,
  ) {
    super();
  }
  equals(other: CelObject): boolean {
    return other instanceof CelUrl && other.raw === this.raw;
  }
}

function toUrl(s: string): CelUrl {
  try {
    parseRequestURI(s);
    return new CelUrl(s, parseUrl(s));
  } catch (e) {
    if (e instanceof UrlError) throw new CelEvalError(`URL parse error during conversion from string: parse ${JSON.stringify(s)}: ${e.message}`);
    throw e;
  }
}

function isURL(s: string): boolean {
  try {
    parseRequestURI(s);
    return true;
  } catch (e) {
    if (e instanceof UrlError) return false;
    throw e;
  }
}

export const URL_LIBRARY: Library = {
  url: global([1], [["string"], toUrl]),
  isURL: global([1], [["string"], isURL]),
  getScheme: method([0], [[T], (u: CelUrl) => u.url.scheme]),
  getHost: method([0], [[T], (u: CelUrl) => u.url.host]),
  getHostname: method([0], [[T], (u: CelUrl) => hostname(u.url)]),
  getPort: method([0], [[T], (u: CelUrl) => port(u.url)]),
  getEscapedPath: method([0], [[T], (u: CelUrl) => escapedPath(u.url)]),
  getQuery: method([0], [[T], (u: CelUrl) => LiteralMap.fromEntries([...query(u.url)].map(([k, v]) => [k, new ArrayList(v)]))]),
};
