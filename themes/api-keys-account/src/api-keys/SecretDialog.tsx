import {
  Alert,
  Button,
  ClipboardCopy,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Modal,
  ModalVariant,
} from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import type { IssuedKey } from "./types";

type Props = {
  issued: IssuedKey;
  /** The owner drops the issued key on close; nothing else ever held the secret. */
  onClose: () => void;
};

/** The one moment the secret exists in the browser: shown, copyable, gone when the dialog closes. */
export const SecretDialog = ({ issued, onClose }: Props) => {
  const { t } = useTranslation();
  // Inline and wrapped, so the whole secret is visible and nothing of it sits in an input a browser might remember.
  const copyProps = { variant: "inline-compact", isBlock: true, isCode: true, clickTip: t("apiKeys.copied") } as const;
  return (
    <Modal
      variant={ModalVariant.medium}
      title={t("apiKeys.secret.title")}
      titleIconVariant="success"
      isOpen
      onClose={onClose}
      // Start on the secret's copy button: Enter copies it, the first thing a keyboard user needs here.
      elementToFocus="[data-testid=issued-secret] button"
      data-testid="secret-dialog"
      actions={[
        <Button key="done" onClick={onClose} data-testid="secret-done">
          {t("apiKeys.secret.done")}
        </Button>,
      ]}
    >
      <Alert variant="warning" isInline title={t("apiKeys.secret.warningTitle")}>
        {t("apiKeys.secret.warning")}
      </Alert>
      <DescriptionList className="pf-v5-u-mt-lg">
        <DescriptionListGroup>
          <DescriptionListTerm>{t("apiKeys.column.label")}</DescriptionListTerm>
          <DescriptionListDescription>{issued.label}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm id="issued-access-key">{t("apiKeys.column.accessKey")}</DescriptionListTerm>
          <DescriptionListDescription>
            <ClipboardCopy {...copyProps} hoverTip={t("apiKeys.copyAccessKey")} data-testid="issued-access-key">
              {issued.accessKey}
            </ClipboardCopy>
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm id="issued-secret">{t("apiKeys.secret.label")}</DescriptionListTerm>
          <DescriptionListDescription>
            <ClipboardCopy {...copyProps} hoverTip={t("apiKeys.copySecret")} data-testid="issued-secret">
              {issued.secret}
            </ClipboardCopy>
          </DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
    </Modal>
  );
};
