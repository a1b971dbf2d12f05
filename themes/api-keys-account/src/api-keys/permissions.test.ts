import { describe, expect, it } from "vitest";
import { normalizeScopes, presetOf, presetsOf } from "./permissions";
import type { Policy } from "./types";

const LEVELS = [["read"], ["read", "trade"], ["read", "trade", "withdraw"]];

const policy = (scopes: string[], permissionLevels: string[][] = []): Policy => ({
  scopes,
  ipRequiredScopes: ["withdraw"],
  maxKeysPerUser: 50,
  maxIpsPerKey: 50,
  unboundLifetimeSeconds: 90 * 86400,
  ipBoundLifetimeSeconds: 365 * 86400,
  activationDelaySeconds: 0,
  otpRequired: true,
  otpMaxFailures: 5,
  otpLockoutSeconds: 900,
  alwaysGranted: "read",
  permissionLevels,
  labelMaxLength: 64,
  minIpv4Prefix: 8,
  minIpv6Prefix: 32,
  otpConfigured: true,
  keyCount: 0,
});

describe("permissions", () => {
  it("offers the levels the server names, each under its message key", () => {
    expect(presetsOf(policy(["read", "trade", "withdraw"], LEVELS)).map((preset) => preset.id)).toEqual([
      "read",
      "readTrade",
      "readTradeWithdraw",
    ]);
    expect(presetsOf(policy(["read", "trade", "withdraw", "margin"]))).toEqual([]);
  });

  it("recognizes a key's level regardless of order", () => {
    const presets = presetsOf(policy(["read", "trade", "withdraw"], LEVELS));
    expect(presetOf(presets, ["trade", "read"])?.id).toBe("readTrade");
    expect(presetOf(presets, ["read", "withdraw"])).toBeUndefined();
  });

  it("always grants read and keeps the realm's order", () => {
    expect(normalizeScopes(["withdraw", "trade"], policy(["read", "trade", "withdraw"]))).toEqual([
      "read",
      "trade",
      "withdraw",
    ]);
    expect(normalizeScopes(["b"], policy(["a", "b"]))).toEqual(["b"]);
  });
});
