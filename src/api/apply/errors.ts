/** An apply request that cannot be processed; `status` is the HTTP code upstream answers with. */
export class ApplyError extends Error {
  override name = "ApplyError";
  constructor(
    message: string,
    readonly status: 400 | 422 | 500 = 400,
  ) {
    super(message);
  }
}
