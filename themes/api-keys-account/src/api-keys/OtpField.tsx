import { FormGroup, TextInput } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { FieldMessage } from "./FieldMessage";

type Props = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  isDisabled?: boolean;
  autoFocus?: boolean;
};

/** The authenticator code every change needs. Nothing remembers it: the browser is told it is single-use. */
export const OtpField = ({ id, value, onChange, error, isDisabled, autoFocus }: Props) => {
  const { t } = useTranslation();
  return (
    <FormGroup label={t("apiKeys.otp.label")} isRequired fieldId={id}>
      <TextInput
        id={id}
        name="otp"
        value={value}
        onChange={(_, next) => onChange(next.replace(/\s+/g, ""))}
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={10}
        isRequired
        isDisabled={isDisabled}
        autoFocus={autoFocus}
        validated={error ? "error" : "default"}
        aria-describedby={`${id}-helper`}
        data-testid="otp-input"
      />
      <FieldMessage id={`${id}-helper`} message={error} hint={t("apiKeys.otp.hint")} />
    </FormGroup>
  );
};
