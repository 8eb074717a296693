/** Every subcommand, in the order `kubun --help` lists them. */
import type { Command } from "../command.ts";
import { checkCommand } from "./check.ts";
import { imagesCommand } from "./images.ts";
import { controllerManagerCommand, kubeletCommand, schedulerCommand } from "./components.ts";
import { ctlCommand } from "../ctl/index.ts";
import { agentCommand } from "./agent.ts";
import { proxyCommand } from "./roles.ts";
import { apiserverCommand, serverCommand } from "./server.ts";
import { versionCommand } from "./version.ts";

export const COMMANDS: readonly Command[] = [
  serverCommand,
  agentCommand,
  apiserverCommand,
  schedulerCommand,
  controllerManagerCommand,
  kubeletCommand,
  proxyCommand,
  ctlCommand,
  imagesCommand,
  checkCommand,
  versionCommand,
];
