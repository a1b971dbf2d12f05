import { FileUpload, FormGroup, List, ListItem } from "@patternfly/react-core";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { AddressDialog } from "./AddressDialog";
import { ApiError, type ApiKeysClient } from "./api";
import { describeAddressError, isCode, useErrorFocus, type AddressField } from "./errors";
import { FieldMessage } from "./FieldMessage";
import { OtpField } from "./OtpField";
import type { Address, AddressManagement, RowError } from "./types";

type Props = {
  client: ApiKeysClient;
  management: AddressManagement;
  otpRequired: boolean;
  onAdded: (addresses: Address[]) => void;
  onClose: () => void;
  onStale: () => void;
};

const FORM_ID = "address-batch-form";
const FIELD_IDS: Partial<Record<AddressField, string>> = {
  file: "address-batch-file",
  otp: "address-batch-otp",
  form: "address-batch-error",
};
/** The header the server expects, and a row of each kind as an example. */
export const CSV_TEMPLATE =
  "remark,coin,network,address,memo\r\n" +
  "Cold wallet,BTC,BTC,bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq,\r\n" +
  "Exchange deposit,XRP,XRP,rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh,104926\r\n" +
  "My sub-account,*,INTERNAL,uid:10442,\r\n";

/** Adds up to maxBatchRows addresses from a CSV file; the server refuses the whole file naming each wrong row. */
export const AddressBatchDialog = ({ client, management, otpRequired, onAdded, onClose, onStale }: Props) => {
  const { t } = useTranslation();
  const [filename, setFilename] = useState("");
  const [content, setContent] = useState("");
  const [otp, setOtp] = useState("");
  const [errors, setErrors] = useState<Partial<Record<AddressField, string>>>({});
  const [rows, setRows] = useState<RowError[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const focusError = useErrorFocus<AddressField>(FIELD_IDS, submitting);
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(CSV_TEMPLATE)}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) {
      return;
    }
    const found: Partial<Record<AddressField, string>> = {};
    if (content.trim().length === 0) {
      found.file = t("apiKeys.addresses.error.file_required");
    } else if (otpRequired && otp.length === 0) {
      found.otp = t("apiKeys.error.otp_required");
    }
    const first = (["file", "otp"] as AddressField[]).find((field) => found[field]);
    if (first) {
      setErrors(found);
      focusError(first);
      return;
    }
    setSubmitting(true);
    setRows([]);
    try {
      onAdded(await client.addAddresses(content, otpRequired ? otp : undefined));
    } catch (error) {
      const { field, message } = describeAddressError(error, t);
      setErrors({ [field === "file" ? "form" : field]: message });
      setRows(error instanceof ApiError && error.rows ? error.rows : []);
      focusError(field === "file" ? "form" : field);
      setOtp("");
      if (isCode(error, "otp_not_configured")) {
        onStale();
      }
      setSubmitting(false);
    }
  };

  return (
    <AddressDialog
      formId={FORM_ID}
      title={t("apiKeys.addresses.batch.title")}
      submitLabel={t("apiKeys.addresses.batch.submit")}
      submitTestId="batch-submit"
      testId="address-batch-dialog"
      management={management}
      submitting={submitting}
      onSubmit={submit}
      onClose={onClose}
      formError={
        errors.form
          ? {
              id: FIELD_IDS.form!,
              message: errors.form,
              details: rows.length > 0 && (
                <List data-testid="row-errors">
                  {rows.map((row) => (
                    <ListItem key={`${row.row}-${row.field ?? ""}`}>
                      {t("apiKeys.addresses.batch.row", { row: row.row, error: row.error })}
                    </ListItem>
                  ))}
                </List>
              ),
            }
          : undefined
      }
    >
      <p>
        {t("apiKeys.addresses.batch.body", { max: management.maxBatchRows })}{" "}
        <a href={template} download="withdrawal-addresses.csv" data-testid="csv-template">
          {t("apiKeys.addresses.batch.template")}
        </a>
      </p>
        <FormGroup label={t("apiKeys.addresses.batch.file")} isRequired fieldId={FIELD_IDS.file}>
          <FileUpload
            id={FIELD_IDS.file!}
            type="text"
            value={content}
            filename={filename}
            filenamePlaceholder={t("apiKeys.addresses.batch.placeholder")}
            browseButtonText={t("apiKeys.addresses.batch.browse")}
            clearButtonText={t("apiKeys.addresses.batch.clear")}
            onFileInputChange={(_, file) => setFilename(file.name)}
            onDataChange={(_, data) => {
              setContent(data);
              setErrors({});
              setRows([]);
            }}
            onTextChange={(_, data) => setContent(data)}
            onClearClick={() => {
              setFilename("");
              setContent("");
            }}
            allowEditingUploadedText
            isDisabled={submitting}
            validated={errors.file ? "error" : "default"}
            aria-describedby={`${FIELD_IDS.file}-helper`}
            data-testid="batch-file"
          />
          <FieldMessage id={`${FIELD_IDS.file}-helper`} message={errors.file} hint={t("apiKeys.addresses.batch.hint")} />
        </FormGroup>
        {otpRequired && (
          <OtpField id="address-batch-otp" value={otp} onChange={setOtp} error={errors.otp} isDisabled={submitting} />
        )}
    </AddressDialog>
  );
};
