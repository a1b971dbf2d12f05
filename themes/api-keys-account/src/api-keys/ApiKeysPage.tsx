import { Page, useAccountAlerts } from "@keycloak/keycloak-account-ui";
import {
  Alert,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  EmptyStateHeader,
  EmptyStateIcon,
  Spinner,
  Text,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { KeyIcon } from "@patternfly/react-icons";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useApiKeysClient } from "./api";
import { AddressBookSection } from "./AddressBookSection";
import { ConfirmDialog } from "./ConfirmDialog";
import { describeError } from "./errors";
import { formatLifetime } from "./format";
import { KeyFormDialog } from "./KeyFormDialog";
import { KeyTable } from "./KeyTable";
import { OtpSetupPrompt } from "./OtpSetupPrompt";
import { SecretDialog } from "./SecretDialog";
import type { ApiKey, IssuedKey, Policy } from "./types";

type Dialog =
  | { kind: "create" }
  | { kind: "edit"; key: ApiKey }
  | { kind: "renew"; key: ApiKey }
  | { kind: "delete"; key: ApiKey }
  | { kind: "deleteAll" };

type Loaded = { policy: Policy; keys: ApiKey[] };

export const ApiKeysPage = () => {
  const { t } = useTranslation();
  const client = useApiKeysClient();
  const { addAlert } = useAccountAlerts();
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<string>();
  const [dialog, setDialog] = useState<Dialog>();
  // Holds the secret between the create answer and the close of its dialog, and nowhere else.
  const [issued, setIssued] = useState<IssuedKey>();

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const [policy, keys] = await Promise.all([client.policy(signal), client.list(signal)]);
        setLoaded({ policy, keys: [...keys].sort((a, b) => b.createdAt - a.createdAt) });
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

  if (loadError) {
    return (
      <Page title={t("apiKeys")} description={t("apiKeys.description")}>
        <Alert
          variant="danger"
          isInline
          title={t("apiKeys.loadFailed")}
          actionLinks={<Button variant="link" isInline onClick={reload}>{t("apiKeys.retry")}</Button>}
        >
          {loadError}
        </Alert>
      </Page>
    );
  }
  if (!loaded) {
    return (
      <Page title={t("apiKeys")} description={t("apiKeys.description")}>
        <Spinner aria-label={t("apiKeys.loading")} />
      </Page>
    );
  }

  const { policy, keys } = loaded;
  const canChange = !policy.otpRequired || policy.otpConfigured;
  const atLimit = policy.keyCount >= policy.maxKeysPerUser;
  const createButton = (
    <Button
      onClick={() => setDialog({ kind: "create" })}
      isDisabled={!canChange || atLimit}
      data-testid="create-key"
    >
      {t("apiKeys.create.button")}
    </Button>
  );

  return (
    <Page title={t("apiKeys")} description={t("apiKeys.description")}>
      {!canChange && <OtpSetupPrompt />}
      {keys.length === 0 ? (
        <EmptyState data-testid="api-keys-empty">
          <EmptyStateHeader
            titleText={t("apiKeys.empty.title")}
            headingLevel="h2"
            icon={<EmptyStateIcon icon={KeyIcon} />}
          />
          <EmptyStateBody>
            <Text>{t("apiKeys.empty.body")}</Text>
            <Text className="pf-v5-u-mt-sm">
              {t("apiKeys.empty.security", {
                unbound: formatLifetime(policy.unboundLifetimeSeconds, t),
                bound: formatLifetime(policy.ipBoundLifetimeSeconds, t),
              })}
            </Text>
          </EmptyStateBody>
          {canChange && (
            <EmptyStateFooter>
              <EmptyStateActions>{createButton}</EmptyStateActions>
            </EmptyStateFooter>
          )}
        </EmptyState>
      ) : (
        <>
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>{createButton}</ToolbarItem>
              <ToolbarItem>
                <Button
                  variant="secondary"
                  isDanger
                  onClick={() => setDialog({ kind: "deleteAll" })}
                  isDisabled={!canChange}
                  data-testid="delete-all-keys"
                >
                  {t("apiKeys.deleteAll.button")}
                </Button>
              </ToolbarItem>
              <ToolbarItem align={{ default: "alignRight" }}>
                <Text component="small" data-testid="key-count">
                  {atLimit
                    ? t("apiKeys.limitReached", { max: policy.maxKeysPerUser })
                    : t("apiKeys.keyCount", { count: policy.keyCount, max: policy.maxKeysPerUser })}
                </Text>
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
          <KeyTable
            client={client}
            keys={keys}
            canChange={canChange}
            onEdit={(key) => setDialog({ kind: "edit", key })}
            onRenew={(key) => setDialog({ kind: "renew", key })}
            onDelete={(key) => setDialog({ kind: "delete", key })}
          />
        </>
      )}

      {(dialog?.kind === "create" || dialog?.kind === "edit") && (
        <KeyFormDialog
          client={client}
          policy={policy}
          editing={dialog.kind === "edit" ? dialog.key : undefined}
          onCreated={(key) => {
            closeDialog();
            setIssued(key);
            reload();
          }}
          onUpdated={(key) => done(t("apiKeys.edit.done", { label: key.label }))}
          onClose={closeDialog}
          onStale={reload}
        />
      )}
      {dialog?.kind === "renew" && (
        <ConfirmDialog
          testId="renew-dialog"
          title={t("apiKeys.renew.title", { label: dialog.key.label })}
          body={t("apiKeys.renew.body", {
            lifetime: formatLifetime(
              dialog.key.ipAllowList.length > 0 ? policy.ipBoundLifetimeSeconds : policy.unboundLifetimeSeconds,
              t,
            ),
          })}
          confirmLabel={t("apiKeys.renew.submit")}
          otpRequired={policy.otpRequired}
          onConfirm={async (otp) => {
            const key = await client.renew(dialog.key.id, otp);
            done(t("apiKeys.renew.done", { label: key.label }));
          }}
          onClose={closeDialog}
          onStale={reload}
        />
      )}
      {dialog?.kind === "delete" && (
        <ConfirmDialog
          testId="delete-dialog"
          title={t("apiKeys.delete.title", { label: dialog.key.label })}
          body={t("apiKeys.delete.body")}
          confirmLabel={t("apiKeys.delete.submit")}
          isDanger
          otpRequired={policy.otpRequired}
          onConfirm={async (otp) => {
            await client.remove(dialog.key.id, otp);
            done(t("apiKeys.delete.done", { label: dialog.key.label }));
          }}
          onClose={closeDialog}
          onStale={reload}
        />
      )}
      {dialog?.kind === "deleteAll" && (
        <ConfirmDialog
          testId="delete-all-dialog"
          title={t("apiKeys.deleteAll.title")}
          body={t("apiKeys.deleteAll.body", { count: keys.length })}
          acknowledgement={t("apiKeys.deleteAll.acknowledge", { count: keys.length })}
          confirmLabel={t("apiKeys.deleteAll.submit")}
          isDanger
          otpRequired={policy.otpRequired}
          onConfirm={async (otp) => {
            await client.removeAll(otp);
            done(t("apiKeys.deleteAll.done"));
          }}
          onClose={closeDialog}
          onStale={reload}
        />
      )}
      <AddressBookSection client={client} otpRequired={policy.otpRequired} canChange={canChange} />
      {issued && <SecretDialog issued={issued} onClose={() => setIssued(undefined)} />}
    </Page>
  );
};
