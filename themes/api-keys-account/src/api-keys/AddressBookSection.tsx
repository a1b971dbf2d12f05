import { useAccountAlerts } from "@keycloak/keycloak-account-ui";
import {
  Alert,
  AlertVariant,
  Button,
  Label,
  Spinner,
  Switch,
  Text,
  TextContent,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { ActionsColumn, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { AddressBatchDialog } from "./AddressBatchDialog";
import { AddressFormDialog } from "./AddressFormDialog";
import { type ApiKeysClient } from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import { describeError } from "./errors";
import { formatDateTime } from "./format";
import type { Address, AddressManagement } from "./types";

type Props = {
  client: ApiKeysClient;
  otpRequired: boolean;
  /** False while the user cannot pass the OTP step-up. */
  canChange: boolean;
};

type Dialog =
  | { kind: "add" }
  | { kind: "batch" }
  | { kind: "delete"; address: Address }
  | { kind: "deleteAll" }
  | { kind: "management"; enable: boolean };

type Loaded = { management: AddressManagement; addresses: Address[] };

/** The withdrawal address book: which addresses withdraw keys may send to, confirmed by e-mail. */
export const AddressBookSection = ({ client, otpRequired, canChange }: Props) => {
  const { t, i18n } = useTranslation();
  const { addAlert } = useAccountAlerts();
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<string>();
  const [dialog, setDialog] = useState<Dialog>();

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const [management, addresses] = await Promise.all([client.addressManagement(signal), client.addresses(signal)]);
        setLoaded({ management, addresses: [...addresses].sort((a, b) => b.createdAt - a.createdAt) });
        setLoadError(undefined);
      } catch (error) {
        if (!signal?.aborted) {
          setLoadError(describeError(error, t).message);
        }
      }
    },
    [client, t],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const reload = () => void load();
  const closeDialog = () => setDialog(undefined);
  const done = (message: string) => {
    closeDialog();
    addAlert(message);
    reload();
  };
  const heading = (
    <TextContent className="pf-v5-u-mt-xl pf-v5-u-mb-md">
      <Title headingLevel="h2" id="withdrawal-addresses">
        {t("apiKeys.addresses.title")}
      </Title>
      <Text>{t("apiKeys.addresses.description")}</Text>
    </TextContent>
  );
  if (loadError) {
    return (
      <section aria-labelledby="withdrawal-addresses" data-testid="address-book">
        {heading}
        <Alert variant="danger" isInline title={t("apiKeys.addresses.loadFailed")}>
          {loadError}
        </Alert>
      </section>
    );
  }
  if (!loaded) {
    return (
      <section aria-labelledby="withdrawal-addresses" data-testid="address-book">
        {heading}
        <Spinner size="md" aria-label={t("apiKeys.loading")} />
      </section>
    );
  }

  const { management, addresses } = loaded;
  const atLimit = management.entryCount >= management.maxEntries;
  const resend = async (address: Address) => {
    try {
      await client.resendAddress(address.id);
      addAlert(t("apiKeys.addresses.resend.done", { remark: address.remark }));
    } catch (error) {
      addAlert(describeError(error, t).message, AlertVariant.danger);
    }
  };

  return (
    <section aria-labelledby="withdrawal-addresses" data-testid="address-book">
      {heading}
      <Switch
        id="address-management"
        label={t("apiKeys.addresses.management.on")}
        labelOff={t("apiKeys.addresses.management.off")}
        isChecked={management.enabled}
        isDisabled={!canChange || management.required}
        onChange={(_, checked) => setDialog({ kind: "management", enable: checked })}
        data-testid="address-management"
      />
      <Text component="small" className="pf-v5-u-display-block pf-v5-u-mt-sm">
        {management.required ? t("apiKeys.addresses.management.required") : t("apiKeys.addresses.management.help")}
      </Text>
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button onClick={() => setDialog({ kind: "add" })} isDisabled={!canChange || atLimit} data-testid="add-address">
              {t("apiKeys.addresses.add.button")}
            </Button>
          </ToolbarItem>
          <ToolbarItem>
            <Button variant="secondary" onClick={() => setDialog({ kind: "batch" })} isDisabled={!canChange || atLimit} data-testid="upload-addresses">
              {t("apiKeys.addresses.batch.button")}
            </Button>
          </ToolbarItem>
          {addresses.length > 0 && (
            <ToolbarItem>
              <Button variant="secondary" isDanger onClick={() => setDialog({ kind: "deleteAll" })} isDisabled={!canChange} data-testid="delete-all-addresses">
                {t("apiKeys.addresses.deleteAll.button")}
              </Button>
            </ToolbarItem>
          )}
          <ToolbarItem align={{ default: "alignRight" }}>
            <Text component="small" data-testid="address-count">
              {t("apiKeys.addresses.count", { count: management.entryCount, max: management.maxEntries })}
            </Text>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {addresses.length === 0 ? (
        <Text data-testid="addresses-empty">{t("apiKeys.addresses.empty")}</Text>
      ) : (
        <Table aria-label={t("apiKeys.addresses.tableLabel")} variant="compact" data-testid="address-table">
          <Thead>
            <Tr>
              <Th>{t("apiKeys.addresses.field.remark")}</Th>
              <Th>{t("apiKeys.addresses.field.kind")}</Th>
              <Th>{t("apiKeys.addresses.field.coin")}</Th>
              <Th>{t("apiKeys.addresses.field.network")}</Th>
              <Th>{t("apiKeys.addresses.field.address")}</Th>
              <Th>{t("apiKeys.addresses.field.memo")}</Th>
              <Th>{t("apiKeys.addresses.column.status")}</Th>
              <Th>{t("apiKeys.addresses.column.added")}</Th>
              <Th screenReaderText={t("apiKeys.addresses.column.actions")} />
            </Tr>
          </Thead>
          <Tbody>
            {addresses.map((address) => (
              <Tr key={address.id} data-testid="address-row" data-address-remark={address.remark}>
                <Td dataLabel={t("apiKeys.addresses.field.remark")}>{address.remark}</Td>
                <Td dataLabel={t("apiKeys.addresses.field.kind")}>{t(`apiKeys.addresses.kind.${address.kind}`)}</Td>
                <Td dataLabel={t("apiKeys.addresses.field.coin")}>{address.coin}</Td>
                <Td dataLabel={t("apiKeys.addresses.field.network")}>{address.network}</Td>
                <Td dataLabel={t("apiKeys.addresses.field.address")} modifier="breakWord">
                  <code>{address.address}</code>
                </Td>
                <Td dataLabel={t("apiKeys.addresses.field.memo")}>{address.memo ? <code>{address.memo}</code> : "—"}</Td>
                <Td dataLabel={t("apiKeys.addresses.column.status")}>
                  <Label color={address.status === "confirmed" ? "green" : "blue"} data-testid="address-status">
                    {t(`apiKeys.addresses.status.${address.status}`)}
                  </Label>
                </Td>
                <Td dataLabel={t("apiKeys.addresses.column.added")}>{formatDateTime(address.createdAt, i18n.language)}</Td>
                <Td isActionCell>
                  <ActionsColumn
                    aria-label={t("apiKeys.actionsFor", { label: address.remark })}
                    isDisabled={!canChange}
                    items={[
                      ...(address.status === "pending"
                        ? [{ title: t("apiKeys.addresses.resend.button"), onClick: () => void resend(address) }]
                        : []),
                      { title: t("apiKeys.addresses.delete.button"), onClick: () => setDialog({ kind: "delete", address }) },
                    ]}
                  />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}

      {dialog?.kind === "add" && (
        <AddressFormDialog
          client={client}
          management={management}
          otpRequired={otpRequired}
          onAdded={(address) =>
            done(t(management.emailConfirmation ? "apiKeys.addresses.add.mailed" : "apiKeys.addresses.add.done", { remark: address.remark }))
          }
          onClose={closeDialog}
          onStale={reload}
        />
      )}
      {dialog?.kind === "batch" && (
        <AddressBatchDialog
          client={client}
          management={management}
          otpRequired={otpRequired}
          onAdded={(added) =>
            done(t(management.emailConfirmation ? "apiKeys.addresses.batch.mailed" : "apiKeys.addresses.batch.done", { count: added.length }))
          }
          onClose={closeDialog}
          onStale={reload}
        />
      )}
      {dialog?.kind === "delete" && (
        <ConfirmDialog
          testId="delete-address-dialog"
          title={t("apiKeys.addresses.delete.title", { remark: dialog.address.remark })}
          body={t("apiKeys.addresses.delete.body", { address: dialog.address.address })}
          confirmLabel={t("apiKeys.delete.submit")}
          isDanger
          otpRequired={otpRequired}
          onConfirm={async (otp) => {
            await client.removeAddress(dialog.address.id, otp);
            done(t("apiKeys.addresses.delete.done", { remark: dialog.address.remark }));
          }}
          onClose={closeDialog}
          onStale={reload}
        />
      )}
      {dialog?.kind === "deleteAll" && (
        <ConfirmDialog
          testId="delete-all-addresses-dialog"
          title={t("apiKeys.addresses.deleteAll.title")}
          body={t("apiKeys.addresses.deleteAll.body", { count: addresses.length })}
          acknowledgement={t("apiKeys.addresses.deleteAll.acknowledge", { count: addresses.length })}
          confirmLabel={t("apiKeys.deleteAll.submit")}
          isDanger
          otpRequired={otpRequired}
          onConfirm={async (otp) => {
            await client.removeAllAddresses(otp);
            done(t("apiKeys.addresses.deleteAll.done"));
          }}
          onClose={closeDialog}
          onStale={reload}
        />
      )}
      {dialog?.kind === "management" && (
        <ConfirmDialog
          testId="address-management-dialog"
          title={t(dialog.enable ? "apiKeys.addresses.management.enableTitle" : "apiKeys.addresses.management.disableTitle")}
          body={t(
            dialog.enable
              ? "apiKeys.addresses.management.enableBody"
              : management.emailConfirmation
                ? "apiKeys.addresses.management.disableBodyMail"
                : "apiKeys.addresses.management.disableBody",
          )}
          confirmLabel={t(dialog.enable ? "apiKeys.addresses.management.enable" : "apiKeys.addresses.management.disable")}
          isDanger={!dialog.enable}
          otpRequired={otpRequired}
          onConfirm={async (otp) => {
            const after = await client.setAddressManagement(dialog.enable, otp);
            done(
              t(
                after.enabled === dialog.enable
                  ? dialog.enable
                    ? "apiKeys.addresses.management.enabled"
                    : "apiKeys.addresses.management.disabled"
                  : "apiKeys.addresses.management.mailed",
              ),
            );
          }}
          onClose={closeDialog}
          onStale={reload}
        />
      )}
    </section>
  );
};
