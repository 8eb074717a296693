/**
 * Reading object bodies: the size limit counts UTF-8 bytes whether or not a length was
 * declared, each format decodes, and errors are upstream's Status reasons.
 */
import { describe, expect, test } from "bun:test";
import { patchTypeOf, readBodyDocument } from "../../../../src/apiserver/http/body.ts";
import { ApiError } from "../../../../src/apiserver/http/status.ts";

/** A request whose body arrives as a stream, so it declares no Content-Length. */
function streamed(text: string, contentType = "application/json"): Request {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(bytes.subarray(0, bytes.length >> 1));
      c.enqueue(bytes.subarray(bytes.length >> 1));
      c.close();
    },
  });
  return new Request("http://x/api/v1/namespaces/default/configmaps", { method: "POST", headers: { "content-type": contentType }, body, duplex: "half" } as RequestInit);
}

async function reason(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return `${e.status.code} ${e.status.reason}`;
  }
}

describe("readBodyDocument", () => {
  const doc = (value: string) => JSON.stringify({ kind: "ConfigMap", data: { v: value } });

  test("JSON and YAML bodies decode to the object", async () => {
    expect(await readBodyDocument(streamed(doc("é")))).toEqual({ kind: "ConfigMap", data: { v: "é" } });
    expect(await readBodyDocument(streamed("kind: ConfigMap\ndata:\n  v: x\n", "application/yaml"))).toEqual({ kind: "ConfigMap", data: { v: "x" } });
  });

  test("the limit counts UTF-8 bytes, not characters, when no length is declared", async () => {
    const ascii = doc("a".repeat(40));
    const limit = new TextEncoder().encode(ascii).length;
    expect(await readBodyDocument(streamed(ascii), limit)).toEqual({ kind: "ConfigMap", data: { v: "a".repeat(40) } });
    expect(await reason(readBodyDocument(streamed(doc("a".repeat(41))), limit))).toBe("413 RequestEntityTooLarge");
    // as many characters as the ASCII body, but two bytes each in the value
    const wide = doc("é".repeat(40));
    expect(wide.length).toBe(ascii.length);
    expect(await reason(readBodyDocument(streamed(wide), limit))).toBe("413 RequestEntityTooLarge");
  });

  test("a declared length over the limit is refused before the body is read", async () => {
    const req = new Request("http://x/", { method: "POST", headers: { "content-type": "application/json", "content-length": "5000" }, body: "{}" });
    expect(await reason(readBodyDocument(req, 100))).toBe("413 RequestEntityTooLarge");
  });

  test("malformed JSON is 400, an unknown content type 415", async () => {
    expect(await reason(readBodyDocument(streamed("{\"kind\":")))).toBe("400 BadRequest");
    expect(await reason(readBodyDocument(streamed("[1]")))).toBe("400 BadRequest");
    expect(await reason(readBodyDocument(streamed("{}", "text/plain")))).toBe("415 UnsupportedMediaType");
  });
});

describe("patchTypeOf", () => {
  test("the patch media types", () => {
    expect(patchTypeOf("application/json-patch+json")).toBe("json");
    expect(patchTypeOf("application/merge-patch+json; charset=utf-8")).toBe("merge");
    expect(patchTypeOf("application/strategic-merge-patch+json")).toBe("strategic");
    expect(patchTypeOf("application/apply-patch+yaml")).toBe("apply");
  });

  test("any other media type is 415, also one named like an Object.prototype member", async () => {
    for (const ct of ["application/json", "constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", null]) {
      expect(await reason(Promise.resolve().then(() => patchTypeOf(ct)))).toBe("415 UnsupportedMediaType");
    }
  });
});
