import type { TFunction } from "i18next";
import type { Policy } from "./types";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PREFIX = /^(\d|[1-9]\d|1[01]\d|12[0-8])$/;
const IPV6_CHARS = /^[0-9a-fA-F:][0-9a-fA-F:.]*$/;
/** How the URL parser writes an IPv4-mapped address. */
const IPV4_MAPPED = /^\[::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}\]$/;

/** The allow-list as typed: one entry per line or separated by commas, blanks dropped, duplicates once. */
export function parseIpList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((entry) => entry.length > 0))];
}

/**
 * A syntax check so typos and ranges wider than the server allows show before the OTP code is spent; the server
 * stays the authority, and ip-entries.json holds the cases both must answer alike (ConsoleIpEntriesTest on the
 * server's side).
 */
export function isIpEntry(entry: string, limits: Pick<Policy, "minIpv4Prefix" | "minIpv6Prefix">): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  if (rest.length > 0 || (prefix !== undefined && !PREFIX.test(prefix))) {
    return false;
  }
  const width = IPV4.test(address) ? 32 : ipv6Width(address);
  if (width === undefined) {
    return false;
  }
  const widest = width === 32 ? limits.minIpv4Prefix : limits.minIpv6Prefix;
  return prefix === undefined || (Number(prefix) <= width && Number(prefix) >= widest);
}

/** 128 bits for an IPv6 literal, 32 for an IPv4-mapped one (the server reads it as that IPv4 address). */
function ipv6Width(address: string): number | undefined {
  if (!IPV6_CHARS.test(address) || !address.includes(":")) {
    return undefined;
  }
  try {
    return IPV4_MAPPED.test(new URL(`http://[${address}]/`).hostname) ? 32 : 128;
  } catch {
    return undefined;
  }
}

/** A lifetime in the largest whole unit, e.g. "90 days"; zero means the key never expires. */
export function formatLifetime(seconds: number, t: TFunction): string {
  if (seconds <= 0) {
    return t("apiKeys.lifetime.never");
  }
  const units: [string, number][] = [
    ["apiKeys.duration.days", 86400],
    ["apiKeys.duration.hours", 3600],
    ["apiKeys.duration.minutes", 60],
  ];
  for (const [key, size] of units) {
    if (seconds % size === 0) {
      return t(key, { count: seconds / size });
    }
  }
  return t("apiKeys.duration.seconds", { count: seconds });
}

/** Events are told apart by seconds; everything else reads better to the minute. */
export function formatDateTime(epochMillis: number, language: string, withSeconds = false): string {
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: withSeconds ? "medium" : "short" }).format(
    new Date(epochMillis),
  );
}

/** Scope names come from the realm; known ones have a translated label, others show as they are. */
export function scopeLabel(scope: string, t: TFunction): string {
  return t(`apiKeys.scope.${scope}`, { defaultValue: scope });
}
