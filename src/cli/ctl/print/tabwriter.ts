/**
 * Column alignment as Go's text/tabwriter (flags 0, pad char ' '), which kubectl's
 * tables (padding 3) and describe output (padding 2) go through: cells end at tabs,
 * a column's width is set by the block of consecutive lines that have a cell in it,
 * and the text after a line's last tab is never padded.
 */

/** Aligns tab-separated text. */
export function tabwrite(text: string, padding: number, minwidth = 0): string {
  const endsWithNewline = text.endsWith("\n");
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split("\n").map((l) => l.split("\t"));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i]!;
      let s = "";
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j]!;
        s += c;
        if (j < widths.length && j < cells.length - 1) s += " ".repeat(Math.max(0, widths[j]! - width(c)));
      }
      out.push(s);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur]!.length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let w = minwidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur]!;
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]!) + padding);
      }
      widths.push(w);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--; // the for loop's increment re-examines the line that ended the block
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join("\n") + (endsWithNewline ? "\n" : "");
}

/** Display width: code points (what tabwriter counts for UTF-8 text). */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
