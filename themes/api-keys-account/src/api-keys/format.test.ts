import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { formatLifetime, isIpEntry, parseIpList } from "./format";
import ipEntries from "./ip-entries.json?raw";

const t = ((key: string, options?: { count?: number }) =>
  options?.count === undefined ? key : `${options.count} ${key}`) as unknown as TFunction;

describe("parseIpList", () => {
  it("accepts lines, commas and semicolons, drops blanks and repeats", () => {
    expect(parseIpList(" 203.0.113.7,198.51.100.0/24\n\n2001:db8::/48 ; 203.0.113.7\r\n")).toEqual([
      "203.0.113.7",
      "198.51.100.0/24",
      "2001:db8::/48",
    ]);
  });

  it("is empty for an empty field", () => {
    expect(parseIpList("  \n ")).toEqual([]);
  });
});

const limits = { minIpv4Prefix: 8, minIpv6Prefix: 32 };
/** The cases the server answers alike (ConsoleIpEntriesTest), at the limits its policy answer gives. */
const entries = JSON.parse(ipEntries) as { accepted: string[]; refused: string[] };

describe("isIpEntry", () => {
  it.each(entries.accepted)("accepts %s", (entry) => expect(isIpEntry(entry, limits)).toBe(true));

  it.each(entries.refused)("refuses %s", (entry) => expect(isIpEntry(entry, limits)).toBe(false));
});

describe("formatLifetime", () => {
  it("uses the largest whole unit", () => {
    expect(formatLifetime(90 * 86400, t)).toBe("90 apiKeys.duration.days");
    expect(formatLifetime(36 * 3600, t)).toBe("36 apiKeys.duration.hours");
    expect(formatLifetime(15 * 60, t)).toBe("15 apiKeys.duration.minutes");
    expect(formatLifetime(45, t)).toBe("45 apiKeys.duration.seconds");
  });

  it("says never for zero", () => {
    expect(formatLifetime(0, t)).toBe("apiKeys.lifetime.never");
  });
});
