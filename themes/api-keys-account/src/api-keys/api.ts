import { useEnvironment, type AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { useMemo } from "react";
import type {
  Address,
  AddressInput,
  AddressManagement,
  ApiKey,
  IssuedKey,
  KeyActivity,
  KeyInput,
  Policy,
  RowError,
} from "./types";

type Keycloak = ReturnType<typeof useEnvironment<AccountEnvironment>>["keycloak"];

/** A refusal from the API, carrying its stable error code (label_taken, otp_invalid, ...). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description?: string,
    /** The wrong rows of a refused CSV batch (csv_invalid). */
    readonly rows?: RowError[],
    /** The request field the refusal concerns, when it is one (address_invalid, label_invalid). */
    readonly field?: string,
  ) {
    super(`${status} ${code}`);
    this.name = "ApiError";
  }
}

/** The account console's own session expired or could not be refreshed. */
const NOT_AUTHENTICATED = "not_authenticated";
/** No JSON error body: a proxy, an older server, or a path this server does not have. */
const HTTP_PREFIX = "http_";

type Call = {
  body?: unknown;
  /** A body sent as it is, with its media type (a CSV file). */
  text?: { type: string; content: string };
  otp?: string;
  signal?: AbortSignal;
};

export type ApiKeysClient = ReturnType<typeof createClient>;

export function useApiKeysClient(): ApiKeysClient {
  const { environment, keycloak } = useEnvironment<AccountEnvironment>();
  return useMemo(
    () => createClient(`${environment.serverBaseUrl}/realms/${encodeURIComponent(environment.realm)}/api-keys`, keycloak),
    [environment, keycloak],
  );
}

function createClient(baseUrl: string, keycloak: Keycloak) {
  async function call<T>(method: string, path: string, { body, text, otp, signal }: Call = {}): Promise<T> {
    try {
      await keycloak.updateToken(5);
    } catch {
      throw new ApiError(401, NOT_AUTHENTICATED);
    }
    const headers: Record<string, string> = {
      Accept: "application/json",
      Authorization: `Bearer ${keycloak.token}`,
    };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (text !== undefined) {
      headers["Content-Type"] = text.type;
    }
    if (otp !== undefined) {
      headers["X-OTP"] = otp;
    }
    const response = await fetch(baseUrl + path, {
      method,
      headers,
      body: text !== undefined ? text.content : body === undefined ? undefined : JSON.stringify(body),
      signal,
      // Answers may hold a secret (create) or personal data: never keep them in the HTTP cache.
      cache: "no-store",
      credentials: "omit",
    });
    if (!response.ok) {
      throw await toApiError(response);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  const key = (id: string) => `/${encodeURIComponent(id)}`;

  return {
    policy: (signal?: AbortSignal) => call<Policy>("GET", "/policy", { signal }),
    list: (signal?: AbortSignal) => call<ApiKey[]>("GET", "", { signal }),
    activity: (id: string, signal?: AbortSignal) => call<KeyActivity>("GET", `${key(id)}/activity`, { signal }),
    create: (input: KeyInput, otp?: string) => call<IssuedKey>("POST", "", { body: input, otp }),
    update: (id: string, input: KeyInput, otp?: string) => call<ApiKey>("PUT", key(id), { body: input, otp }),
    renew: (id: string, otp?: string) => call<ApiKey>("POST", `${key(id)}/renew`, { otp }),
    remove: (id: string, otp?: string) => call<void>("DELETE", key(id), { otp }),
    removeAll: (otp?: string) => call<void>("DELETE", "", { otp }),
    addresses: (signal?: AbortSignal) => call<Address[]>("GET", "/addresses", { signal }),
    addressManagement: (signal?: AbortSignal) => call<AddressManagement>("GET", "/addresses/management", { signal }),
    setAddressManagement: (enabled: boolean, otp?: string) =>
      call<AddressManagement>("PUT", "/addresses/management", { body: { enabled }, otp }),
    addAddress: (input: AddressInput, otp?: string) => call<Address>("POST", "/addresses", { body: input, otp }),
    addAddresses: (csv: string, otp?: string) =>
      call<Address[]>("POST", "/addresses", { text: { type: "text/csv", content: csv }, otp }),
    resendAddress: (id: string) => call<Address>("POST", `/addresses${key(id)}/resend`),
    removeAddress: (id: string, otp?: string) => call<void>("DELETE", `/addresses${key(id)}`, { otp }),
    removeAllAddresses: (otp?: string) => call<void>("DELETE", "/addresses", { otp }),
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: unknown; error_description?: unknown; rows?: unknown; field?: unknown };
    if (typeof body.error === "string") {
      return new ApiError(
        response.status,
        body.error,
        typeof body.error_description === "string" ? body.error_description : undefined,
        Array.isArray(body.rows) ? (body.rows as RowError[]) : undefined,
        typeof body.field === "string" ? body.field : undefined,
      );
    }
  } catch {
    // Not JSON: fall through to the status code.
  }
  return new ApiError(response.status, HTTP_PREFIX + response.status);
}
