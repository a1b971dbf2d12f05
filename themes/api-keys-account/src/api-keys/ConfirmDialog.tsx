import { Alert, Button, Checkbox, Form, Modal, ModalVariant } from "@patternfly/react-core";
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { describeError, useErrorFocus, isCode, type ErrorField } from "./errors";
import { OtpField } from "./OtpField";

type Props = {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  isDanger?: boolean;
  /** A checkbox the user must tick first, for changes that cannot be undone at scale. */
  acknowledgement?: string;
  otpRequired: boolean;
  /** Runs the change; a thrown ApiError is shown next to the field it concerns. */
  onConfirm: (otp?: string) => Promise<void>;
  onClose: () => void;
  onStale: () => void;
  testId: string;
};

const FORM_ID = "api-key-confirm-form";
const FIELD_IDS: Partial<Record<ErrorField, string>> = {
  otp: "api-key-confirm-otp",
  form: "api-key-confirm-error",
};

/** Renew, delete and delete all: a confirmation that carries the OTP code. */
export const ConfirmDialog = ({
  title,
  body,
  confirmLabel,
  isDanger,
  acknowledgement,
  otpRequired,
  onConfirm,
  onClose,
  onStale,
  testId,
}: Props) => {
  const { t } = useTranslation();
  const [otp, setOtp] = useState("");
  const [acknowledged, setAcknowledged] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<ErrorField, string>>>({});
  const [submitting, setSubmitting] = useState(false);
  const focusError = useErrorFocus(FIELD_IDS, submitting);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting || (acknowledgement && !acknowledged)) {
      return;
    }
    if (otpRequired && otp.length === 0) {
      setErrors({ otp: t("apiKeys.error.otp_required") });
      focusError("otp");
      return;
    }
    setSubmitting(true);
    try {
      await onConfirm(otpRequired ? otp : undefined);
    } catch (error) {
      const { field, message } = describeError(error, t);
      const shownAt = field === "otp" ? "otp" : "form";
      setErrors({ [shownAt]: message });
      focusError(shownAt);
      setOtp("");
      if (isCode(error, "otp_not_configured", "not_found")) {
        onStale();
      }
      setSubmitting(false);
    }
  };

  return (
    <Modal
      variant={ModalVariant.small}
      title={title}
      titleIconVariant={isDanger ? "warning" : undefined}
      isOpen
      onClose={onClose}
      data-testid={testId}
      actions={[
        <Button
          key="confirm"
          type="submit"
          form={FORM_ID}
          variant={isDanger ? "danger" : "primary"}
          isLoading={submitting}
          isDisabled={submitting || (!!acknowledgement && !acknowledged)}
          data-testid="confirm-submit"
        >
          {confirmLabel}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("apiKeys.cancel")}
        </Button>,
      ]}
    >
      <Form id={FORM_ID} onSubmit={submit} noValidate>
        <div>{body}</div>
        {errors.form && (
          <Alert id={FIELD_IDS.form} tabIndex={-1} variant="danger" isInline title={errors.form} data-testid="form-error" />
        )}
        {acknowledgement && (
          <Checkbox
            id="api-key-confirm-ack"
            label={acknowledgement}
            isChecked={acknowledged}
            onChange={(_, checked) => setAcknowledged(checked)}
          />
        )}
        {otpRequired && (
          <OtpField
            id="api-key-confirm-otp"
            value={otp}
            onChange={setOtp}
            error={errors.otp}
            isDisabled={submitting}
            autoFocus={!acknowledgement}
          />
        )}
      </Form>
    </Modal>
  );
};
