/** Shapes of the self-service REST API at /realms/{realm}/api-keys (see the README's REST reference). */

export type KeyStatus = "pending" | "active" | "expired";

export type ApiKey = {
  id: string;
  accessKey: string;
  label: string;
  scopes: string[];
  /** The scopes a use of the key grants under the realm's policy today; the others are dormant. */
  scopesInForce: string[];
  ipAllowList: string[];
  /** Epoch milliseconds, like every time below. */
  createdAt: number;
  /** Absent when the key never expires. */
  expiresAt?: number;
  activeFrom: number;
  lastUsedAt?: number;
  lastUsedIp?: string;
  status: KeyStatus;
};

/** The create call's answer: the only time the server ever sends the secret. */
export type IssuedKey = ApiKey & { secret: string };

export type Policy = {
  // The realm's policy attributes.
  scopes: string[];
  ipRequiredScopes: string[];
  maxKeysPerUser: number;
  maxIpsPerKey: number;
  labelPattern?: string;
  /** Seconds; 0 means such keys never expire. */
  unboundLifetimeSeconds: number;
  ipBoundLifetimeSeconds: number;
  activationDelaySeconds: number;
  otpRequired: boolean;
  /** Wrong step-up codes before the step-up locks, and how long a failure counts (seconds). */
  otpMaxFailures: number;
  otpLockoutSeconds: number;
  // Rules that follow from the policy or hold in every realm.
  /** The scope every key holds: the form shows it checked and fixed. */
  alwaysGranted: string;
  /** Scope sets offered as one choice each (read; read and trade; ...); empty: single scopes. */
  permissionLevels: string[][];
  labelMaxLength: number;
  /** The widest ranges an IP allow-list may hold. */
  minIpv4Prefix: number;
  minIpv6Prefix: number;
  // The caller's own state.
  otpConfigured: boolean;
  keyCount: number;
};

export type KeyInput = {
  label: string;
  scopes: string[];
  ipAllowList: string[];
};

/** GET /api-keys/{id}/activity: the last use, and recent events when the realm stores them (newest first). */
export type KeyActivity = {
  lastUsedAt?: number;
  lastUsedIp?: string;
  eventsStored: boolean;
  events: KeyEvent[];
  /** The latest refusal that only the holder of the key's secret can have caused, kept whatever else arrives. */
  holderRefusal?: KeyEvent;
};

/** A Keycloak event concerning the key: type is Keycloak's event type, error its error code. */
export type KeyEvent = {
  time: number;
  type: string;
  clientId?: string;
  ipAddress?: string;
  error?: string;
};

/** An entry of the withdrawal address book (GET /api-keys/addresses). */
export type AddressKind = "withdrawal" | "internal-transfer";

export type Address = {
  id: string;
  kind: AddressKind;
  coin: string;
  network: string;
  address: string;
  memo?: string;
  remark: string;
  status: "pending" | "confirmed";
  createdAt: number;
  confirmedAt?: number;
};

export type AddressInput = {
  kind: AddressKind;
  coin: string;
  network?: string;
  address: string;
  memo?: string;
  remark: string;
};

/** GET /api-keys/addresses/management: the switch, the realm's rules and the book's size. */
export type AddressManagement = {
  enabled: boolean;
  required: boolean;
  version: number;
  maxEntries: number;
  emailConfirmation: boolean;
  confirmationLifespanSeconds: number;
  maxBatchRows: number;
  entryCount: number;
};

/** One wrong row of a refused CSV batch. */
export type RowError = { row: number; field?: string | null; error: string };
