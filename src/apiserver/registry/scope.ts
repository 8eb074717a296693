/** Per-request facts every registry operation needs. */
import type { UserInfo } from "../filters/user.ts";
import type { FieldValidation } from "../http/query.ts";
import { secondsText } from "../../util/seconds-text.ts";

export interface RequestScope {
  user: UserInfo;
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: FieldValidation;
  force: boolean;
  /** Warning texts to send back as Warning headers. */
  warnings: string[];
  now: Date;
}

/** RFC 3339 with seconds precision, as upstream's metav1.Time marshals. */
export function timestamp(d: Date): string {
  return secondsText(d);
}
