import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import english from "../../theme/messages/messages_en.properties?raw";
import { describeAddressError, describeError } from "./errors";

const messages = new Set(english.split("\n").map((line) => line.split("=")[0]));

/** Like i18next over the theme's messages: a key without a message gives its default value. */
const t = ((key: string, options?: Record<string, unknown>) => {
  const { defaultValue, ...values } = options ?? {};
  if (!messages.has(key) && defaultValue !== undefined) {
    return defaultValue;
  }
  return Object.keys(values).length > 0 ? `${key} ${JSON.stringify(values)}` : key;
}) as unknown as TFunction;

describe("describeError", () => {
  it.each([
    ["label_taken", "label"],
    ["label_invalid", "label"],
    ["scope_requires_ip", "scopes"],
    ["scope_unknown", "scopes"],
    ["ip_invalid", "ips"],
    ["too_many_ips", "ips"],
    ["otp_invalid", "otp"],
    ["otp_required", "otp"],
    ["user_locked", "otp"],
    ["otp_locked", "otp"],
    ["too_many_keys", "form"],
    ["concurrent_change", "form"],
    ["not_found", "form"],
  ])("shows %s at %s", (code, field) => {
    const shown = describeError(new ApiError(400, code, "detail"), t);
    expect(shown.field).toBe(field);
    expect(shown.message.startsWith(`apiKeys.error.${code}`)).toBe(true);
  });

  it("adds the server's detail where it names the offending entry", () => {
    const shown = describeError(new ApiError(400, "ip_invalid", "'1.2.3.4/2' is too wide"), t);
    expect(shown.message).toBe("apiKeys.error.ip_invalid ('1.2.3.4/2' is too wide)");
  });

  it("falls back to the status and the server's text for codes it does not know", () => {
    const shown = describeError(new ApiError(500, "http_500"), t);
    expect(shown).toEqual({ field: "form", message: 'apiKeys.error.unexpected {"status":500,"detail":"http_500"}' });
  });

  it("has a message for a code the console only shows", () => {
    const shown = describeError(new ApiError(415, "unsupported_media_type", "send JSON"), t);
    expect(shown).toEqual({ field: "form", message: "apiKeys.error.unsupported_media_type" });
  });

  it("reports network failures", () => {
    expect(describeError(new TypeError("Failed to fetch"), t)).toEqual({
      field: "form",
      message: "apiKeys.error.network",
    });
  });
});

describe("describeAddressError", () => {
  it.each([
    ["address_invalid", "network is 1 to 32 letters", "network", "network"],
    ["address_invalid", "remark must be 1 to 64 characters long", "remark", "remark"],
    ["address_invalid", "something else entirely", undefined, "form"],
    ["address_invalid", "a field the form does not have", "colour", "form"],
    ["address_duplicate", "this address is in the address book already", undefined, "address"],
    ["csv_invalid", "2 of 3 rows are wrong", undefined, "file"],
    ["otp_invalid", "wrong", undefined, "otp"],
    ["mail_not_configured", "no smtp", undefined, "form"],
  ])("shows %s (%s, field %s) at %s", (code, description, named, field) => {
    expect(describeAddressError(new ApiError(400, code, description, undefined, named), t).field).toBe(field);
  });

  it("shows the server's description for a field it names", () => {
    const shown = describeAddressError(new ApiError(400, "address_invalid", "coin is 1 to 20 letters and digits", undefined, "coin"), t);
    expect(shown.message).toBe("coin is 1 to 20 letters and digits");
  });
});
