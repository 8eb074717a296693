/**
 * Filters util-linux unshare's own complaint out of a container's stderr.
 *
 * unshare (2.38) cannot re-raise SIGKILL on itself when its child died of it: it
 * prints "unshare: sigprocmask unblock failed: Invalid argument" and exits 1. glibc's
 * err() writes that line in three writes, so a reader may see it split across
 * chunks. A trailing partial line that could still become the marker is therefore
 * held back until its newline (or the end of the stream) decides it.
 */
export const UNSHARE_SIGKILL_MARKER = "unshare: sigprocmask unblock failed";

export class UnshareErrorFilter {
  /** True once the marker line has been seen. */
  sawMarker = false;
  private pending = "";

  /** Text to pass on for this chunk (possibly empty). */
  push(text: string): string {
    const all = this.pending + text;
    this.pending = "";
    const lastNl = all.lastIndexOf("\n");
    const complete = lastNl < 0 ? "" : all.slice(0, lastNl + 1);
    const tail = lastNl < 0 ? all : all.slice(lastNl + 1);
    let out = this.filterLines(complete);
    if (tail.length > 0 && couldBecomeMarker(tail)) this.pending = tail;
    else out += tail;
    return out;
  }

  /** What is still held back, once the stream has ended. */
  flush(): string {
    const rest = this.pending;
    this.pending = "";
    if (rest.startsWith(UNSHARE_SIGKILL_MARKER)) {
      this.sawMarker = true;
      return "";
    }
    return rest;
  }

  private filterLines(text: string): string {
    if (!text.includes(UNSHARE_SIGKILL_MARKER)) return text;
    const kept: string[] = [];
    for (const line of text.split("\n")) {
      if (line.startsWith(UNSHARE_SIGKILL_MARKER)) this.sawMarker = true;
      else kept.push(line);
    }
    return kept.join("\n");
  }
}

/** A partial line that is a prefix of the marker, or the marker with more to come. */
function couldBecomeMarker(partial: string): boolean {
  return partial.length <= UNSHARE_SIGKILL_MARKER.length ? UNSHARE_SIGKILL_MARKER.startsWith(partial) : partial.startsWith(UNSHARE_SIGKILL_MARKER);
}
