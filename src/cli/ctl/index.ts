export { ctlCommand, runCtl, argvFromParsed, GLOBAL_FLAGS } from "./command.ts";
export { type CtlIO, type BufferIO, bufferIO, processIO } from "./io.ts";
export { parseCtlArgs, CtlUsageError, type CtlFlag, type CtlArgs } from "./args.ts";
export { errorText } from "./errors.ts";
