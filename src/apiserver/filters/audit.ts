/**
 * The audit stage: every request yields one record when it completes, handed to a sink.
 * The default sink drops records; a file or webhook sink plugs in here later.
 */
import type { UserInfo } from "./user.ts";

export interface AuditRecord {
  requestId: number;
  user: UserInfo;
  verb: string;
  method: string;
  path: string;
  resource?: string;
  namespace?: string;
  name?: string;
  code: number;
  startedAt: number;
  durationMs: number;
}

export interface AuditSink {
  record(r: AuditRecord): void;
}

export const discardAudit: AuditSink = { record() {} };
