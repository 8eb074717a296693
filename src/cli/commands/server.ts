import { notBuilt } from "../command.ts";
import { APISERVER_FLAGS, SERVER_FLAGS } from "../role-flags.ts";

export const serverCommand = notBuilt("server", "Run a control plane (apiserver, scheduler, controller manager) and a local agent", "[--data-dir DIR] [--https-listen-port 6443] [--write-kubeconfig FILE]", SERVER_FLAGS);
export const apiserverCommand = notBuilt("apiserver", "Run the API server alone", "--data-dir DIR [--datastore-endpoint ...] [--https-listen-port N]", APISERVER_FLAGS);
