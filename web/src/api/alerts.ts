// The alerts of the API: conditions an agent must act on before a date (a subscription that will
// lapse, seats paid for nothing at a renewal, a New Commerce purchase's last hours to be undone,
// a migration that stopped, users about to lose service). Listed newest first; dismissing one is
// final. Typed by hand until api-spec/openapi.json describes /v1/alerts (then from schema.d.ts).
import { ApiFailure, CSRF_HEADER, must } from "./client";

export type AlertRule = "autoRenewOffEnding" | "renewingWithUnusedSeats" | "cancellationWindowClosing" | "migrationNeedsAttention" | "serviceLoss";
export type AlertStatus = "open" | "dismissed";

//! The values an alert is worded with; which ones are present depends on its rule.
export type AlertParameters = {
  companyName?: string;
  subscriptionId?: string;
  //! The subscription's offer; for a migration, the SKU it moves customers from.
  offerName?: string;
  quantity?: number;
  assignedLicenses?: number;
  unusedSeats?: number;
  termEndDate?: string;
  windowClosesAt?: string;
  migrationName?: string;
  //! A migration's status as the migrations API spells it (paused, failed, completed_with_errors).
  migrationStatus?: string;
  users?: number;
  plans?: string[];
};

export type Alert = {
  id: string;
  rule: AlertRule;
  customerId: string | null;
  resourceName: "subscription" | "migration" | "customer";
  resourceId: string;
  resourceUri: string;
  raisedAt: string;
  dueAt: string | null;
  status: AlertStatus;
  dismissedAt: string | null;
  dismissedBy: string | null;
  parameters: AlertParameters;
};

export type AlertPage = { totalCount: number; items: Alert[]; continuationToken: string | null };

//! One exchange with the API in openapi-fetch's shape, so must() treats it as every other call
//! (an ApiFailure for a refusal; 401 signs the portal out).
async function call<T>(path: string, init: RequestInit = {}): Promise<{ data?: T; error?: unknown; response: Response }> {
  const response = await fetch(path, { credentials: "same-origin", ...init, headers: { Accept: "application/json", ...CSRF_HEADER, ...init.headers } });
  const body: unknown = await response.json().catch(() => undefined);
  return response.ok ? { data: body as T, response } : { error: body, response };
}

//! A page of alerts, newest first.
export function listAlerts(query: { status?: AlertStatus | "all"; customerId?: string; size?: number; continuationToken?: string }): Promise<AlertPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return must(call<AlertPage>(`/v1/alerts?${params}`));
}

//! How many alerts are open (one request of one row: the API counts them all).
export async function openAlertCount(): Promise<number> {
  return (await listAlerts({ status: "open", size: 1 })).totalCount;
}

//! Dismisses an open alert for good; the API answers with the alert, now dismissed.
export function dismissAlert(alertId: string): Promise<Alert> {
  return must(call<Alert>(`/v1/alerts/${encodeURIComponent(alertId)}/dismiss`, { method: "POST" }));
}

//! Whether a refusal says the alert was no longer open (dismissed meanwhile, by another agent or
//! in another tab): a conflict (409 invalidStatusTransition).
export function alreadyDismissed(error: unknown): boolean {
  return error instanceof ApiFailure && error.status === 409;
}
