import { FormGroup, FormSelect, FormSelectOption, TextInput } from "@patternfly/react-core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { AddressDialog } from "./AddressDialog";
import type { ApiKeysClient } from "./api";
import { describeAddressError, isCode, useErrorFocus, type AddressField } from "./errors";
import { FieldMessage } from "./FieldMessage";
import { OtpField } from "./OtpField";
import type { Address, AddressKind, AddressManagement } from "./types";

type Props = {
  client: ApiKeysClient;
  management: AddressManagement;
  otpRequired: boolean;
  onAdded: (address: Address) => void;
  onClose: () => void;
  onStale: () => void;
};

const FORM_ID = "address-form";
const FIELD_IDS: Partial<Record<AddressField, string>> = {
  kind: "address-kind",
  coin: "address-coin",
  network: "address-network",
  address: "address-address",
  memo: "address-memo",
  remark: "address-remark",
  otp: "address-otp",
  form: "address-form-error",
};
const INTERNAL = "INTERNAL";

/** Adds one address: the server checks it, mails the confirmation link, and keeps it pending until then. */
export const AddressFormDialog = ({ client, management, otpRequired, onAdded, onClose, onStale }: Props) => {
  const { t } = useTranslation();
  const [kind, setKind] = useState<AddressKind>("withdrawal");
  const [values, setValues] = useState({ coin: "", network: "", address: "", memo: "", remark: "" });
  const [otp, setOtp] = useState("");
  const [errors, setErrors] = useState<Partial<Record<AddressField, string>>>({});
  const [submitting, setSubmitting] = useState(false);
  const focusError = useErrorFocus<AddressField>(FIELD_IDS, submitting);
  const internal = kind === "internal-transfer";

  const set = (field: keyof typeof values) => (_: unknown, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const validate = () => {
    const found: Partial<Record<AddressField, string>> = {};
    for (const field of ["coin", "address", "remark"] as const) {
      if (values[field].trim().length === 0) {
        found[field] = t(`apiKeys.addresses.error.${field}_required`);
      }
    }
    if (!internal && values.network.trim().length === 0) {
      found.network = t("apiKeys.addresses.error.network_required");
    }
    if (otpRequired && otp.length === 0) {
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
    const first = (Object.keys(FIELD_IDS) as AddressField[]).find((field) => found[field]);
    if (first) {
      setErrors(found);
      focusError(first);
      return;
    }
    setSubmitting(true);
    try {
      const added = await client.addAddress(
        {
          kind,
          coin: values.coin.trim(),
          network: internal ? INTERNAL : values.network.trim(),
          address: values.address.trim(),
          memo: values.memo.trim() || undefined,
          remark: values.remark.trim(),
        },
        otpRequired ? otp : undefined,
      );
      onAdded(added);
    } catch (error) {
      const { field, message } = describeAddressError(error, t);
      setErrors({ [field]: message });
      focusError(field);
      setOtp("");
      if (isCode(error, "otp_not_configured")) {
        onStale();
      }
      setSubmitting(false);
    }
  };

  const text = (field: keyof typeof values, props: { isRequired?: boolean; hint?: string; autoFocus?: boolean } = {}) => (
    <FormGroup label={t(`apiKeys.addresses.field.${field}`)} isRequired={props.isRequired} fieldId={FIELD_IDS[field]}>
      <TextInput
        id={FIELD_IDS[field]}
        value={values[field]}
        onChange={set(field)}
        isRequired={props.isRequired}
        isDisabled={submitting}
        autoFocus={props.autoFocus}
        autoComplete="off"
        spellCheck={false}
        validated={errors[field] ? "error" : "default"}
        aria-describedby={`${FIELD_IDS[field]}-helper`}
        data-testid={`address-${field}`}
      />
      <FieldMessage id={`${FIELD_IDS[field]}-helper`} message={errors[field]} hint={props.hint} />
    </FormGroup>
  );

  return (
    <AddressDialog
      formId={FORM_ID}
      title={t("apiKeys.addresses.add.title")}
      submitLabel={t("apiKeys.addresses.add.submit")}
      submitTestId="address-submit"
      testId="address-dialog"
      management={management}
      submitting={submitting}
      onSubmit={submit}
      onClose={onClose}
      formError={errors.form ? { id: FIELD_IDS.form!, message: errors.form } : undefined}
    >
        <FormGroup label={t("apiKeys.addresses.field.kind")} fieldId={FIELD_IDS.kind}>
          <FormSelect
            id={FIELD_IDS.kind}
            value={kind}
            onChange={(_, value) => setKind(value as AddressKind)}
            isDisabled={submitting}
            data-testid="address-kind"
          >
            <FormSelectOption value="withdrawal" label={t("apiKeys.addresses.kind.withdrawal")} />
            <FormSelectOption value="internal-transfer" label={t("apiKeys.addresses.kind.internal-transfer")} />
          </FormSelect>
        </FormGroup>
        {text("remark", { isRequired: true, hint: t("apiKeys.addresses.hint.remark"), autoFocus: true })}
        {text("coin", { isRequired: true, hint: t(internal ? "apiKeys.addresses.hint.coinAny" : "apiKeys.addresses.hint.coin") })}
        {!internal && text("network", { isRequired: true, hint: t("apiKeys.addresses.hint.network") })}
        {text("address", { isRequired: true, hint: t(internal ? "apiKeys.addresses.hint.account" : "apiKeys.addresses.hint.address") })}
        {text("memo", { hint: t("apiKeys.addresses.hint.memo") })}
        {otpRequired && (
          <OtpField id="address-otp" value={otp} onChange={setOtp} error={errors.otp} isDisabled={submitting} />
        )}
    </AddressDialog>
  );
};
