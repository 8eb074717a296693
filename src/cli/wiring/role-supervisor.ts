/**
 * Keeps a `kubun server` role running: when its worker thread ends while the server is
 * not stopping (the role failed, or lost its lease, as a standalone component would exit
 * and be restarted by its supervisor), it is started again after a delay that doubles,
 * from minDelayMs up to maxDelayMs, while it keeps ending within a minute of its start.
 */
import { logger } from "../../util/log.ts";
import type { RoleConnection, ThreadRole } from "./role-thread-protocol.ts";
import { type RoleThread, startRoleThread } from "./role-thread.ts";

const log = logger("server");

export interface SupervisorOptions {
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A run at least this long resets the delay (default 60 s). */
  stableAfterMs?: number;
}

export interface SupervisedRole {
  /** The thread running the role now. */
  current(): RoleThread;
  /** How many times the role was started again. */
  restarts(): number;
  /** Stops the role for good. */
  stop(): Promise<void>;
}

export async function superviseRole(role: ThreadRole, conn: RoleConnection, o: SupervisorOptions = {}): Promise<SupervisedRole> {
  const minDelay = o.minDelayMs ?? 1000;
  const maxDelay = o.maxDelayMs ?? 30_000;
  const stableAfter = o.stableAfterMs ?? 60_000;
  let thread = await startRoleThread(role, conn);
  let startedAt = performance.now();
  let restarts = 0;
  let stopping = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const keepRunning = async () => {
    let delay = minDelay;
    for (;;) {
      await thread.done;
      if (stopping) return;
      if (performance.now() - startedAt >= stableAfter) delay = minDelay;
      log.error("role ended unexpectedly; starting it again", { role, lostLeadership: thread.lostLeadership(), inMs: delay });
      for (;;) {
        await pause(delay);
        if (stopping) return;
        delay = Math.min(delay * 2, maxDelay);
        try {
          const next = await startRoleThread(role, conn);
          if (stopping) {
            // stop() came while it was starting and stopped the old thread only
            await next.stop();
            return;
          }
          thread = next;
          startedAt = performance.now();
          restarts++;
          log.info("role started again", { role, restarts });
          break;
        } catch (err) {
          log.error("role failed to start", { role, err, retryInMs: delay });
        }
      }
    }
  };
  void keepRunning();

  return {
    current: () => thread,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      wake?.();
      await thread.stop();
    },
  };
}
