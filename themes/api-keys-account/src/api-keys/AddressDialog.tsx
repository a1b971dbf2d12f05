import { Alert, Button, Form, Modal, ModalVariant } from "@patternfly/react-core";
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { AddressManagement } from "./types";
import { AddressRules } from "./AddressRules";

type Props = {
  formId: string;
  title: string;
  submitLabel: string;
  submitTestId: string;
  testId: string;
  management: AddressManagement;
  submitting: boolean;
  onSubmit: (event: FormEvent) => void;
  onClose: () => void;
  /** The refusal shown above the fields, with the id focus moves to. */
  formError?: { id: string; message: string; details?: ReactNode };
  children: ReactNode;
};

/** The frame both address dialogs share: the realm's rules, the refusal above the fields, submit and cancel. */
export const AddressDialog = ({
  formId,
  title,
  submitLabel,
  submitTestId,
  testId,
  management,
  submitting,
  onSubmit,
  onClose,
  formError,
  children,
}: Props) => {
  const { t } = useTranslation();
  return (
    <Modal
      variant={ModalVariant.medium}
      title={title}
      isOpen
      onClose={onClose}
      data-testid={testId}
      actions={[
        <Button key="submit" type="submit" form={formId} isLoading={submitting} isDisabled={submitting} data-testid={submitTestId}>
          {submitLabel}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t("apiKeys.cancel")}
        </Button>,
      ]}
    >
      <Form id={formId} onSubmit={onSubmit} noValidate>
        <AddressRules management={management} />
        {formError && (
          <Alert id={formError.id} tabIndex={-1} variant="danger" isInline title={formError.message} data-testid="form-error">
            {formError.details}
          </Alert>
        )}
        {children}
      </Form>
    </Modal>
  );
};
