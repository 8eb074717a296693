/**
 * A time as RFC 3339 in UTC with whole seconds (metav1.Time's text). Writes take "now"
 * several times per request (creationTimestamp, managedFields' time), and the text only
 * changes once a second, so the last one is kept.
 */
let lastSecond = NaN;
let lastText = "";

/** `d` as 2006-01-02T15:04:05Z; throws RangeError for an invalid date, as toISOString does. */
export function secondsText(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = d.toISOString().replace(/\.\d{3}Z$/, "Z");
    lastSecond = second;
  }
  return lastText;
}
