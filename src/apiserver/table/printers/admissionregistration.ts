/** Printers for admissionregistration.k8s.io kinds (upstream printMutatingWebhook, printValidatingWebhook). */
import type { MutatingWebhookConfiguration, ValidatingWebhookConfiguration } from "../../../api/types/admissionregistration/webhook-configuration.ts";
import { since } from "../duration.ts";
import { AGE_COLUMN, col, NAME_COLUMN } from "../format.ts";
import { printer } from "../printer.ts";

const WEBHOOKS_COLUMN = col("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration");

/** NAME, WEBHOOKS (how many), AGE. */
export const mutatingWebhookConfigurationPrinter = printer<MutatingWebhookConfiguration>([NAME_COLUMN, WEBHOOKS_COLUMN, AGE_COLUMN], (c, now) => [
  c.metadata.name ?? "",
  Array.isArray(c.webhooks) ? c.webhooks.length : 0,
  since(c.metadata.creationTimestamp, now),
]);

/** NAME, WEBHOOKS (how many), AGE. */
export const validatingWebhookConfigurationPrinter = printer<ValidatingWebhookConfiguration>([NAME_COLUMN, WEBHOOKS_COLUMN, AGE_COLUMN], (c, now) => [
  c.metadata.name ?? "",
  Array.isArray(c.webhooks) ? c.webhooks.length : 0,
  since(c.metadata.creationTimestamp, now),
]);
