import {
  Alert,
  Button,
  Checkbox,
  Form,
  FormGroup,
  Modal,
  ModalVariant,
  Radio,
  TextArea,
  TextInput,
} from "@patternfly/react-core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ApiKeysClient } from "./api";
import { describeError, useErrorFocus, isCode, type ErrorField } from "./errors";
import { FieldMessage } from "./FieldMessage";
import { isIpEntry, parseIpList, scopeLabel } from "./format";
import { OtpField } from "./OtpField";
import { normalizeScopes, presetOf, presetsOf } from "./permissions";
import { PolicyRules } from "./PolicyRules";
import type { ApiKey, IssuedKey, KeyInput, Policy } from "./types";

type Props = {
  client: ApiKeysClient;
  policy: Policy;
  /** The key being edited; absent when creating one. */
  editing?: ApiKey;
  onCreated: (issued: IssuedKey) => void;
  onUpdated: (key: ApiKey) => void;
  onClose: () => void;
  /** The server's view changed under us (OTP removed, key gone): reload policy and list. */
  onStale: () => void;
};

const FORM_ID = "api-key-form";
const FIELD_IDS: Partial<Record<ErrorField, string>> = {
  label: "api-key-label",
  ips: "api-key-ips",
  otp: "api-key-otp",
  form: "api-key-form-error",
};
const FIELD_ORDER: ErrorField[] = ["form", "label", "scopes", "ips", "otp"];

export const KeyFormDialog = ({ client, policy, editing, onCreated, onUpdated, onClose, onStale }: Props) => {
  const { t } = useTranslation();
  const initialScopes = editing ? editing.scopes : [policy.alwaysGranted].filter((s) => policy.scopes.includes(s));
  const presets = presetsOf(policy);
  const [label, setLabel] = useState(editing?.label ?? "");
  // Levels are offered while the key's scopes are one of them; otherwise every scope is its own choice.
  const [preset, setPreset] = useState(presetOf(presets, initialScopes));
  const showPresets = preset !== undefined;
  const [checkedScopes, setCheckedScopes] = useState<string[]>(initialScopes);
  const [ipText, setIpText] = useState((editing?.ipAllowList ?? []).join("\n"));
  const [otp, setOtp] = useState("");
  const [errors, setErrors] = useState<Partial<Record<ErrorField, string>>>({});
  const [submitting, setSubmitting] = useState(false);

  const fieldIds = {
    ...FIELD_IDS,
    scopes: preset
      ? `api-key-preset-${preset.id}`
      : `api-key-scope-${policy.scopes.find((scope) => scope !== policy.alwaysGranted) ?? policy.alwaysGranted}`,
  };
  const focusError = useErrorFocus(fieldIds, submitting);
  const ips = parseIpList(ipText);
  const scopes = normalizeScopes(preset ? preset.scopes : checkedScopes, policy);

  const validate = (): Partial<Record<ErrorField, string>> => {
    const found: Partial<Record<ErrorField, string>> = {};
    if (label.trim().length === 0) {
      found.label = t("apiKeys.error.label_required");
    }
    const invalid = ips.filter((entry) => !isIpEntry(entry, policy));
    if (invalid.length > 0) {
      found.ips = t("apiKeys.error.ip_entries_invalid", { entries: invalid.join(", ") });
    } else if (ips.length > policy.maxIpsPerKey) {
      found.ips = t("apiKeys.error.too_many_ips");
    }
    const needIp = scopes.filter((scope) => policy.ipRequiredScopes.includes(scope));
    if (ips.length === 0 && needIp.length > 0) {
      found.scopes = t("apiKeys.error.scope_requires_ip_named", {
        scopes: needIp.map((scope) => scopeLabel(scope, t)).join(", "),
      });
    }
    if (policy.otpRequired && otp.length === 0) {
      found.otp = t("apiKeys.error.otp_required");
    }
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) {
      return;
    }
    const found = validate();
    setErrors(found);
    const first = FIELD_ORDER.find((field) => found[field]);
    if (first) {
      focusError(first);
      return;
    }
    const input: KeyInput = { label: label.trim(), scopes, ipAllowList: ips };
    const code = policy.otpRequired ? otp : undefined;
    setSubmitting(true);
    try {
      if (editing) {
        onUpdated(await client.update(editing.id, input, code));
      } else {
        onCreated(await client.create(input, code));
      }
    } catch (error) {
      const { field, message } = describeError(error, t);
      setErrors({ [field]: message });
      focusError(field);
      // A code is single-use whether or not the request went through.
      setOtp("");
      if (isCode(error, "otp_not_configured", "not_found")) {
        onStale();
      }
    } finally {
      setSubmitting(false);
    }
  };

  const toggleScope = (scope: string, checked: boolean) =>
    setCheckedScopes((current) => (checked ? [...current, scope] : current.filter((s) => s !== scope)));

  const ipRequiredHint = (scope: string) =>
    policy.ipRequiredScopes.includes(scope) ? ` (${t("apiKeys.permissions.needsIp")})` : "";

  return (
    <Modal
      variant={ModalVariant.medium}
      title={t(editing ? "apiKeys.edit.title" : "apiKeys.create.title")}
      description={editing ? t("apiKeys.edit.description", { label: editing.label }) : t("apiKeys.create.description")}
      isOpen
      onClose={onClose}
      data-testid="key-form-dialog"
      actions={[
        <Button key="submit" type="submit" form={FORM_ID} isLoading={submitting} isDisabled={submitting} data-testid="key-form-submit">
          {t(editing ? "apiKeys.edit.submit" : "apiKeys.create.submit")}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("apiKeys.cancel")}
        </Button>,
      ]}
    >
      <Form id={FORM_ID} onSubmit={submit} noValidate>
        <PolicyRules policy={policy} ipBound={ips.length > 0} creating={!editing} />
        {errors.form && (
          <Alert id={FIELD_IDS.form} tabIndex={-1} variant="danger" isInline title={errors.form} data-testid="form-error" />
        )}
        <FormGroup label={t("apiKeys.field.label")} isRequired fieldId="api-key-label">
          <TextInput
            id="api-key-label"
            value={label}
            onChange={(_, value) => setLabel(value)}
            maxLength={policy.labelMaxLength}
            isRequired
            autoFocus
            autoComplete="off"
            validated={errors.label ? "error" : "default"}
            aria-describedby="api-key-label-helper"
          />
          <FieldMessage
            id="api-key-label-helper"
            message={errors.label}
            hint={
              policy.labelPattern
                ? t("apiKeys.field.labelHintPattern", { max: policy.labelMaxLength, pattern: policy.labelPattern })
                : t("apiKeys.field.labelHint", { max: policy.labelMaxLength })
            }
          />
        </FormGroup>
        <FormGroup
          label={t("apiKeys.field.permissions")}
          role={showPresets ? "radiogroup" : "group"}
          isStack
          fieldId="api-key-permissions"
          aria-describedby="api-key-permissions-helper"
        >
          {showPresets
            ? presets.map((option) => (
                <Radio
                  key={option.id}
                  id={`api-key-preset-${option.id}`}
                  name="api-key-preset"
                  label={t(`apiKeys.permissions.${option.id}`)}
                  description={
                    t(`apiKeys.permissions.${option.id}Description`) + option.scopes.map(ipRequiredHint).join("")
                  }
                  isChecked={preset?.id === option.id}
                  onChange={() => setPreset(option)}
                />
              ))
            : policy.scopes.map((scope) => (
                <Checkbox
                  key={scope}
                  id={`api-key-scope-${scope}`}
                  label={scopeLabel(scope, t) + ipRequiredHint(scope)}
                  isChecked={scope === policy.alwaysGranted || checkedScopes.includes(scope)}
                  isDisabled={scope === policy.alwaysGranted}
                  onChange={(_, checked) => toggleScope(scope, checked)}
                />
              ))}
          <FieldMessage id="api-key-permissions-helper" message={errors.scopes} />
        </FormGroup>
        <FormGroup label={t("apiKeys.field.ipAllowList")} fieldId="api-key-ips">
          <TextArea
            id="api-key-ips"
            value={ipText}
            onChange={(_, value) => setIpText(value)}
            rows={4}
            resizeOrientation="vertical"
            autoComplete="off"
            spellCheck={false}
            placeholder={t("apiKeys.field.ipPlaceholder")}
            validated={errors.ips ? "error" : "default"}
            aria-describedby="api-key-ips-helper"
          />
          <FieldMessage
            id="api-key-ips-helper"
            message={errors.ips}
            hint={t("apiKeys.field.ipHint", { count: ips.length, max: policy.maxIpsPerKey })}
          />
        </FormGroup>
        {policy.otpRequired && (
          <OtpField id="api-key-otp" value={otp} onChange={setOtp} error={errors.otp} isDisabled={submitting} />
        )}
      </Form>
    </Modal>
  );
};
