/**
 * The few system calls Node's fs lacks (mknod, lsetxattr, mount, umount2), through
 * bun:ffi on the C library. `libc()` returns null where the library cannot be
 * loaded (not Linux, no glibc/musl found): callers then fall back to other means.
 */
import { dlopen, FFIType, ptr, read } from "bun:ffi";

const S_IFCHR = 0o020000;
export const MNT_DETACH = 2;
export const MS_RDONLY = 1;
export const MS_BIND = 4096;
export const MS_REC = 16384;
export const MS_REMOUNT = 32;

const SYMBOLS = {
  mknod: { args: [FFIType.cstring, FFIType.u32, FFIType.u64], returns: FFIType.i32 },
  lsetxattr: { args: [FFIType.cstring, FFIType.cstring, FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 },
  mount: { args: [FFIType.cstring, FFIType.cstring, FFIType.cstring, FFIType.u64, FFIType.cstring], returns: FFIType.i32 },
  umount2: { args: [FFIType.cstring, FFIType.i32], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
} as const;

type Lib = ReturnType<typeof dlopen<typeof SYMBOLS>>;
let lib: Lib | null | undefined;

function load(): Lib | null {
  if (lib !== undefined) return lib;
  lib = null;
  if (process.platform !== "linux") return lib;
  for (const name of ["libc.so.6", "libc.so", "libc.musl-x86_64.so.1"]) {
    try {
      lib = dlopen(name, SYMBOLS);
      break;
    } catch {
      // try the next name
    }
  }
  return lib;
}

const cstr = (s: string) => Buffer.from(s + "\0");

export class SyscallError extends Error {
  constructor(
    readonly call: string,
    readonly errno: number,
    detail: string,
  ) {
    super(`${call} ${detail}: errno ${errno}`);
  }
}

function check(l: Lib, call: string, rc: number, detail: string): void {
  if (rc === 0) return;
  const p = l.symbols.__errno_location();
  throw new SyscallError(call, p ? read.i32(p, 0) : -1, detail);
}

export interface Libc {
  /** Creates the character device 0/0 overlayfs uses as a whiteout. */
  mkWhiteout(path: string): void;
  lsetxattr(path: string, name: string, value: string): void;
  mount(source: string, target: string, fstype: string, flags: number, data: string): void;
  umount(target: string, flags?: number): void;
}

export function libc(): Libc | null {
  const l = load();
  if (!l) return null;
  return {
    mkWhiteout: (path) => check(l, "mknod", l.symbols.mknod(cstr(path), S_IFCHR | 0o000, 0n), path),
    lsetxattr: (path, name, value) => {
      const v = Buffer.from(value);
      check(l, "lsetxattr", l.symbols.lsetxattr(cstr(path), cstr(name), ptr(v), BigInt(v.length), 0), `${path} ${name}`);
    },
    mount: (source, target, fstype, flags, data) =>
      check(l, "mount", l.symbols.mount(cstr(source), cstr(target), cstr(fstype), BigInt(flags), cstr(data)), `${fstype} on ${target}`),
    umount: (target, flags = 0) => check(l, "umount2", l.symbols.umount2(cstr(target), flags), target),
  };
}
