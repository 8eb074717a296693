export * from "./cgroup.ts";
export { CgroupV2Manager, type OpenCgroupOptions } from "./cgroup/manager.ts";
export { NullCgroupManager } from "./cgroup/null.ts";
export { FakeCgroupFs, type FakeCgroupFsOptions } from "./cgroup/fake-fs.ts";
export { kernelCgroupFs, type CgroupFs } from "./cgroup/fs.ts";
export { detectCgroupMounts, parseMountinfo } from "./cgroup/detect.ts";
export { openHostCgroups } from "./cgroup/open.ts";
