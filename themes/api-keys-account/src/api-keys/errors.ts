import type { TFunction } from "i18next";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "./api";

/** Where a refusal is shown: next to the field it concerns, or above the form. */
export type ErrorField = "label" | "scopes" | "ips" | "otp" | "form";

/** Fields of the address form; address_invalid names its field in the answer's field. */
export type AddressField = "kind" | "coin" | "network" | "address" | "memo" | "remark" | "file" | "otp" | "form";

export type FieldError = { field: ErrorField; message: string };

const FIELD_OF: Record<string, ErrorField> = {
  label_invalid: "label",
  label_taken: "label",
  scope_unknown: "scopes",
  scope_requires_ip: "scopes",
  too_many_ips: "ips",
  ip_invalid: "ips",
  otp_required: "otp",
  otp_invalid: "otp",
  user_locked: "otp",
  otp_locked: "otp",
};

const ADDRESS_FIELDS = new Set(["kind", "coin", "network", "address", "memo", "remark"]);

/** The server's description names the offending entry or rule; worth showing next to the translation. */
const WITH_DETAIL = new Set(["label_invalid", "ip_invalid", "address_invalid"]);

export function describeError(error: unknown, t: TFunction): FieldError {
  if (!(error instanceof ApiError)) {
    return { field: "form", message: t("apiKeys.error.network") };
  }
  const field = FIELD_OF[error.code] ?? "form";
  // Every code of the server's vocabulary has a message (ConsoleErrorCodesTest); anything else is unexpected.
  const message = t(`apiKeys.error.${error.code}`, { defaultValue: "" });
  if (!message) {
    return {
      field,
      message: t("apiKeys.error.unexpected", { status: error.status, detail: error.description ?? error.code }),
    };
  }
  return {
    field,
    message: WITH_DETAIL.has(error.code) && error.description ? `${message} (${error.description})` : message,
  };
}

export function isCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof ApiError && codes.includes(error.code);
}

/**
 * Moves focus to the element a refusal concerns and scrolls its message into view too (dialogs scroll), so the
 * refusal is seen and announced. The move waits for the render in which the dialog is no longer busy: fields are
 * disabled while a request runs, and a disabled field cannot take focus.
 */
export function useErrorFocus<F extends string = ErrorField>(fieldIds: Partial<Record<F, string>>, busy: boolean) {
  const [target, setTarget] = useState<F>();
  const ids = useRef(fieldIds);
  ids.current = fieldIds;
  useEffect(() => {
    if (!target || busy) {
      return;
    }
    const element = document.getElementById(ids.current[target] ?? "");
    element?.focus();
    const message = document.getElementById(element?.getAttribute("aria-describedby") ?? "");
    message?.scrollIntoView({ block: "nearest" });
    // Done: a later change of busy alone must not pull focus back, and the same field may be refused again.
    setTarget(undefined);
  }, [target, busy]);
  return useCallback((field: F) => setTarget(field), []);
}

/** A refusal of an address change, shown next to the field it concerns. */
export function describeAddressError(error: unknown, t: TFunction): { field: AddressField; message: string } {
  const { field, message } = describeError(error, t);
  if (field === "otp") {
    return { field, message };
  }
  if (error instanceof ApiError) {
    if (error.code === "address_invalid" && error.field !== undefined && ADDRESS_FIELDS.has(error.field)) {
      return { field: error.field as AddressField, message: error.description ?? message };
    }
    if (error.code === "address_duplicate") {
      return { field: "address", message };
    }
    if (error.code === "csv_invalid") {
      return { field: "file", message };
    }
  }
  return { field: "form", message };
}
