import { describe, expect, test } from "bun:test";
import { UnshareErrorFilter } from "../../../../../src/kubelet/runtime/process/unshare-errors.ts";

function run(chunks: string[]): { out: string; saw: boolean } {
  const f = new UnshareErrorFilter();
  let out = "";
  for (const c of chunks) out += f.push(c);
  out += f.flush();
  return { out, saw: f.sawMarker };
}

describe("UnshareErrorFilter", () => {
  test.each([
    ["whole line in one chunk", ["unshare: sigprocmask unblock failed: Invalid argument\n"], "", true],
    ["glibc err() split in three writes", ["unshare: ", "sigprocmask unblock failed", ": Invalid argument\n"], "", true],
    ["split inside a word", ["oops\nunsh", "are: sigprocmask unbl", "ock failed: Invalid argument\n"], "oops\n", true],
    ["marker without newline at the end of the stream", ["unshare: sigprocmask unblock failed"], "", true],
    ["container output around it", ["a\nunshare: sigprocmask unblock failed: x\nb\n"], "a\nb\n", true],
    ["plain output passes through", ["hello\n", "world\n"], "hello\nworld\n", false],
    ["a prefix that turns out different is released", ["uns", "hackled\n"], "unshackled\n", false],
    ["other unshare errors are kept", ["unshare: mount failed: x\n"], "unshare: mount failed: x\n", false],
    ["a held prefix comes back at the end of the stream", ["line\nunsh"], "line\nunsh", false],
  ])("%s", (_name, chunks, out, saw) => {
    expect(run(chunks)).toEqual({ out, saw });
  });

  test("partial lines that cannot become the marker are not held", () => {
    const f = new UnshareErrorFilter();
    expect(f.push("progress 10%")).toBe("progress 10%");
    expect(f.push("u")).toBe("");
    expect(f.push("x")).toBe("ux");
  });
});
