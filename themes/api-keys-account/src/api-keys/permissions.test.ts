import { describe, expect, it } from "vitest";
import { normalizeScopes, presetOf, realmUsesPresets } from "./permissions";
import type { Policy } from "./types";

const policy = (scopes: string[]): Policy => ({
  scopes,
  alwaysGranted: "read",
  minIpv4Prefix: 8,
  minIpv6Prefix: 32,
  ipRequiredScopes: ["withdraw"],
  maxKeysPerUser: 50,
  maxIpsPerKey: 50,
  labelMaxLength: 64,
  unboundLifetimeSeconds: 90 * 86400,
  ipBoundLifetimeSeconds: 365 * 86400,
  activationDelaySeconds: 0,
  otpRequired: true,
  otpMaxFailures: 5,
  otpLockoutSeconds: 900,
  otpConfigured: true,
  keyCount: 0,
});

describe("permissions", () => {
  it("offers the three levels only for the default scopes", () => {
    expect(realmUsesPresets(policy(["read", "trade", "withdraw"]))).toBe(true);
    expect(realmUsesPresets(policy(["withdraw", "read", "trade"]))).toBe(true);
    expect(realmUsesPresets(policy(["read", "trade", "withdraw", "margin"]))).toBe(false);
  });

  it("recognizes a key's level regardless of order", () => {
    expect(presetOf(["trade", "read"])).toBe("readTrade");
    expect(presetOf(["read", "withdraw"])).toBeUndefined();
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
