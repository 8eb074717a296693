/** `kubun images import FILE... | ls`: the node's image store, as k3s's `ctr images` subset. */
import { importImageFile, listImages } from "../../kubelet/images/index.ts";
import { EXIT_USAGE, type Command } from "../command.ts";
import { str } from "../flags.ts";
import { defaultDataDir } from "../data-dir.ts";

function humanSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export const imagesCommand: Command = {
  name: "images",
  summary: "Manage node images: import FILE.tar (OCI layout or docker archive), ls",
  usage: "import FILE... | ls [--data-dir DIR]",
  flags: [{ name: "data-dir", short: "d", type: "string", help: "Agent state folder (default /var/lib/kubun as root, ~/.kube/kubun otherwise)" }],
  run: async ({ flags, positional }) => {
    const dataDir = str(flags, "data-dir") ?? defaultDataDir();
    const [verb, ...files] = positional;
    if (verb === "import") {
      if (files.length === 0) {
        process.stderr.write("kubun images import: name at least one image archive\n");
        return EXIT_USAGE;
      }
      for (const file of files) {
        const res = await importImageFile(dataDir, file);
        for (const w of res.warnings) process.stderr.write(`warning: ${file}: ${w}\n`);
        for (const img of res.images) process.stdout.write(`imported ${img.names.join(", ") || "<none>"} ${img.id.slice(0, 19)}\n`);
      }
      return 0;
    }
    if (verb === "ls" || verb === "list") {
      const rows = listImages(dataDir);
      const w = Math.max(5, ...rows.map((r) => r.name.length));
      process.stdout.write(`${"IMAGE".padEnd(w)}  ${"IMAGE ID".padEnd(13)}  SIZE\n`);
      for (const r of rows) process.stdout.write(`${r.name.padEnd(w)}  ${r.id.replace(/^sha256:/, "").slice(0, 13).padEnd(13)}  ${humanSize(r.size)}\n`);
      return 0;
    }
    process.stderr.write(`kubun images: unknown verb ${verb === undefined ? "(none)" : `"${verb}"`}; want import or ls\n`);
    return EXIT_USAGE;
  },
};
