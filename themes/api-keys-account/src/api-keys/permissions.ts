import type { Policy } from "./types";

/** The exchanges' three permission levels, offered when the realm keeps the default scopes. */
export const PRESETS = [
  { id: "read", labelKey: "apiKeys.permissions.read", scopes: ["read"] },
  { id: "readTrade", labelKey: "apiKeys.permissions.readTrade", scopes: ["read", "trade"] },
  {
    id: "readTradeWithdraw",
    labelKey: "apiKeys.permissions.readTradeWithdraw",
    scopes: ["read", "trade", "withdraw"],
  },
] as const;

export type PresetId = (typeof PRESETS)[number]["id"];

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((scope) => b.includes(scope));

export function presetOf(scopes: readonly string[]): PresetId | undefined {
  return PRESETS.find((preset) => sameSet(preset.scopes, scopes))?.id;
}

export function scopesOf(preset: PresetId): string[] {
  return [...PRESETS.find((p) => p.id === preset)!.scopes];
}

/** Presets only make sense when the realm offers exactly read, trade and withdraw. */
export function realmUsesPresets(policy: Policy): boolean {
  return sameSet(policy.scopes, PRESETS[PRESETS.length - 1].scopes);
}

/** Keeps the realm's order so the list reads the same everywhere. */
export function normalizeScopes(selected: readonly string[], policy: Policy): string[] {
  const wanted = new Set(selected);
  if (policy.scopes.includes(policy.alwaysGranted)) {
    wanted.add(policy.alwaysGranted);
  }
  return policy.scopes.filter((scope) => wanted.has(scope));
}
