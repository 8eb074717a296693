import { describe, expect, test } from "bun:test";
import { Cache } from "../../../../src/scheduler/cache/cache.ts";
import { Snapshot } from "../../../../src/scheduler/cache/snapshot.ts";
import { ImageLocality, normalizedImageName } from "../../../../src/scheduler/plugins/imagelocality/image-locality.ts";
import { makeNode, makePod } from "../builders.ts";
import { handleFor, runScore } from "../harness.ts";

const MB = 1024 * 1024;

describe("normalizedImageName", () => {
  test.each([
    ["nginx", "nginx:latest"],
    ["nginx:1.25", "nginx:1.25"],
    ["registry:5000/app", "registry:5000/app:latest"],
    ["registry:5000/app:v1", "registry:5000/app:v1"],
  ])("%s", (name, want) => expect(normalizedImageName(name)).toBe(want));
});

describe("ImageLocality", () => {
  function snapshot(): Snapshot {
    const cache = new Cache();
    cache.addNode(makeNode("n1", { images: [{ names: ["app:v1"], sizeBytes: 250 * MB }, { names: ["big:latest"], sizeBytes: 3000 * MB }] }));
    cache.addNode(makeNode("n2", { images: [{ names: ["big:latest"], sizeBytes: 3000 * MB }] }));
    cache.addNode(makeNode("n3"));
    const s = new Snapshot();
    cache.updateSnapshot(s);
    return s;
  }
  const cases: [string, string[], number[]][] = [
    // 250MB on 1 of 3 nodes: 83.3MB spread-scaled, below/above threshold: (83.33-23)/(1000-23) -> 6
    ["image on one node, scaled by spread", ["app:v1"], [6, 0, 0]],
    // 3000MB on 2 of 3 nodes -> 2000MB, capped at 1000MB per container -> 100
    ["large image capped per container", ["big"], [100, 100, 0]],
    ["missing image scores 0", ["other"], [0, 0, 0]],
  ];
  for (const [name, images, want] of cases) {
    test(name, () => {
      const s = snapshot();
      const infos = [...s.list()].sort((a, b) => a.name.localeCompare(b.name));
      const pl = new ImageLocality(handleFor(infos));
      expect(runScore(pl, makePod("p", { images }), infos)).toEqual(want);
    });
  }
});
