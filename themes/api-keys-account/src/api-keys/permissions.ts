import type { Policy } from "./types";

/** A permission level the server offers as one choice; its id names its messages and its radio button. */
export type Preset = { id: string; scopes: string[] };

/** ["read", "trade"] is "readTrade": apiKeys.permissions.readTrade holds its label. */
const idOf = (scopes: readonly string[]) =>
  scopes.map((scope, index) => (index === 0 ? scope : scope.charAt(0).toUpperCase() + scope.slice(1))).join("");

/** The levels the server offers for this realm; none when the form offers single scopes. */
export function presetsOf(policy: Policy): Preset[] {
  return policy.permissionLevels.map((scopes) => ({ id: idOf(scopes), scopes }));
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((scope) => b.includes(scope));

export function presetOf(presets: readonly Preset[], scopes: readonly string[]): Preset | undefined {
  return presets.find((preset) => sameSet(preset.scopes, scopes));
}

/** Keeps the realm's order so the list reads the same everywhere. */
export function normalizeScopes(selected: readonly string[], policy: Policy): string[] {
  const wanted = new Set(selected);
  if (policy.scopes.includes(policy.alwaysGranted)) {
    wanted.add(policy.alwaysGranted);
  }
  return policy.scopes.filter((scope) => wanted.has(scope));
}
