/**
 * Handles the requests Bun hands over during one event-loop turn as a batch, and releases
 * their answers together.
 *
 * Bun calls a listener's fetch handler for each request as it reads its socket, and drains
 * the microtasks after each call. An apiserver request on the embedded stores completes in
 * those microtasks, so without this each request ran alone from start to answer, between
 * the socket reads and writes of the others. Under load that doubled its CPU cost: the
 * pipeline's code and data were cold again for every request (docs/decisions.md,
 * Apiserver, "Requests of a turn run together"). Here the requests a turn brings are only
 * queued; the next turn starts them one after another, so they meet at each await and
 * pass each stage close together, and the answers that are ready by the following turn are
 * handed back to Bun in one go.
 *
 * A request that waits on something else (a webhook, a slow list, a consistent read) is
 * answered whenever it is done, in the turn after. Nothing waits for the slowest request
 * of its batch.
 */
import type { Server } from "bun";
import type { CertIdentity } from "./peer-identity.ts";

/** `arrivedAt`: performance.now() at hand-over, so that durations count the wait for the turn. */
type Handler = (req: Request, srv: Server<undefined>, cert: CertIdentity | undefined, arrivedAt: number) => Response | Promise<Response>;

/** One request: its arguments, then its outcome until the answers are released. */
interface Job {
  readonly req: Request;
  readonly srv: Server<undefined>;
  readonly cert: CertIdentity | undefined;
  readonly arrivedAt: number;
  readonly resolve: (res: Response) => void;
  readonly reject: (err: unknown) => void;
  res?: Response;
  err?: unknown;
  failed?: boolean;
}

export class TurnBatch {
  // Requests waiting for their start, and answers for their release: each list is non-empty
  // exactly while the turn that empties it is queued.
  private waiting: Job[] = [];
  private answered: Job[] = [];

  constructor(private readonly handler: Handler) {}

  /** The request's answer, from a handler run with the rest of its turn's requests. */
  submit(req: Request, srv: Server<undefined>, cert: CertIdentity | undefined): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      if (this.waiting.push({ req, srv, cert, arrivedAt: performance.now(), resolve, reject }) === 1) setImmediate(this.start);
    });
  }

  private readonly start = (): void => {
    const jobs = this.waiting;
    this.waiting = [];
    for (const job of jobs) {
      let out: Response | Promise<Response>;
      try {
        out = this.handler(job.req, job.srv, job.cert, job.arrivedAt);
      } catch (err) {
        this.fail(job, err);
        continue;
      }
      if (out instanceof Response) this.answer(job, out);
      else
        out.then(
          (res) => this.answer(job, res),
          (err: unknown) => this.fail(job, err),
        );
    }
  };

  private answer(job: Job, res: Response): void {
    job.res = res;
    this.settled(job);
  }

  private fail(job: Job, err: unknown): void {
    job.err = err;
    job.failed = true;
    this.settled(job);
  }

  private settled(job: Job): void {
    if (this.answered.push(job) === 1) setImmediate(this.release);
  }

  private readonly release = (): void => {
    const jobs = this.answered;
    this.answered = [];
    for (const job of jobs) {
      if (job.failed) job.reject(job.err);
      else job.resolve(job.res!);
    }
  };
}
