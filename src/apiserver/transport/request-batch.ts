/**
 * The TLS front's side of the message channel's requests (watch-channel.ts): the requests
 * its connections read are held and sent to the apiserver in batches.
 *
 * The apiserver works on a batch's requests together (they pass each stage close together,
 * which halves what a request costs it) and sends their answers together. So a batch should
 * be neither a single request nor everything outstanding: either way the apiserver waits,
 * idle, while the front reads the next one. A request goes at once when the apiserver has
 * nothing else to answer; otherwise the batch goes once it holds as many requests as the
 * apiserver has yet to begin answering, so that two batches take turns, one worked on while
 * the next fills. That is judged again whenever answers begin to come. Nothing is held
 * longer than MAX_HOLD_MS (an answer that waits on a webhook must not hold back the rest).
 *
 * Sending what a turn of the front's loop read at the end of the turn instead settled into
 * batches of one or two under load: each answer brought one request back per turn
 * (docs/decisions.md, "Requests as messages").
 */
import type { CertIdentity } from "./peer-identity.ts";
import type { ChannelRequests } from "./tls-front-protocol.ts";

/** The longest a request is held for its batch. */
export const MAX_HOLD_MS = 2;

export class RequestBatch {
  private ids: number[] = [];
  private identities: (CertIdentity | undefined)[] = [];
  private heads: string[] = [];
  private lens: number[] = [];
  /** The bodies, copied as they come (the socket's buffer is not ours past its callback). */
  private bodies: Uint8Array[] = [];
  private used = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `send` takes a batch and the buffers to transfer with it. */
  constructor(private readonly send: (batch: ChannelRequests, transfer: ArrayBuffer[]) => void) {}

  /**
   * Holds a request (its head without the blank line, and its body) for the next batch.
   * `unanswered`: the requests held or sent before it that have no answer under way yet.
   */
  add(id: number, identity: CertIdentity | undefined, head: string, body: Uint8Array | undefined, unanswered: number): void {
    this.ids.push(id);
    this.identities.push(identity);
    this.heads.push(head);
    const len = body?.length ?? 0;
    this.lens.push(len);
    if (len > 0) {
      this.bodies.push(Uint8Array.prototype.slice.call(body!));
      this.used += len;
    }
    this.answered(unanswered + 1);
    if (this.ids.length > 0 && this.timer === undefined) this.timer = setTimeout(this.held, MAX_HOLD_MS);
  }

  /** Answers began to come: `unanswered` requests (those held here among them) have none under way. */
  answered(unanswered: number): void {
    // held >= sent without an answer under way, that is held >= unanswered - held
    if (this.ids.length > 0 && 2 * this.ids.length >= unanswered) this.flush();
  }

  /**
   * Sends what is held now. The bodies travel in one buffer of exactly their size: it is
   * memory outside the apiserver's heap that its collector counts until the last body is read.
   */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.ids.length === 0) return;
    const bytes = new Uint8Array(this.used);
    let at = 0;
    for (const b of this.bodies) {
      bytes.set(b, at);
      at += b.length;
    }
    const buf = bytes.buffer;
    this.send({ ids: this.ids, identities: this.identities, heads: this.heads, lens: this.lens, buf }, this.used > 0 ? [buf] : []);
    this.ids = [];
    this.identities = [];
    this.heads = [];
    this.lens = [];
    this.bodies = [];
    this.used = 0;
  }

  private readonly held = (): void => {
    this.timer = undefined;
    this.flush();
  };
}
