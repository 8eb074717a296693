/** Version facts reported by `kubun version` and the apiserver's /version. */
import pkg from "../../package.json" with { type: "json" };

export const KUBUN_VERSION: string = pkg.version;
/** The Kubernetes API version kubun serves. */
export const KUBERNETES_VERSION = "v1.34.0";
export const BUILD_DATE: string = process.env.KUBUN_BUILD_DATE ?? "1970-01-01T00:00:00Z";

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export function versionInfo(): VersionInfo {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split(".");
  return {
    major: major ?? "1",
    minor: minor ?? "34",
    gitVersion: `${KUBERNETES_VERSION}+kubun${KUBUN_VERSION}`,
    gitCommit: process.env.KUBUN_GIT_COMMIT ?? "unknown",
    gitTreeState: "clean",
    buildDate: BUILD_DATE,
    goVersion: `bun${Bun.version}`,
    compiler: "bun",
    platform: `${process.platform}/${process.arch === "x64" ? "amd64" : process.arch}`,
  };
}
