import { Button, ClipboardCopy, Label, LabelGroup, MenuToggle } from "@patternfly/react-core";
import { AngleDownIcon, AngleRightIcon, EllipsisVIcon } from "@patternfly/react-icons";
import { ActionsColumn, ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiKeysClient } from "./api";
import { formatDateTime, scopeLabel } from "./format";
import { KeyActivitySection } from "./KeyActivitySection";
import type { ApiKey, KeyStatus } from "./types";

type Props = {
  client: ApiKeysClient;
  keys: ApiKey[];
  /** False while the user cannot pass the OTP step-up: changes are offered only once they can. */
  canChange: boolean;
  onEdit: (key: ApiKey) => void;
  onRenew: (key: ApiKey) => void;
  onDelete: (key: ApiKey) => void;
};

const STATUS_COLOR: Record<KeyStatus, "green" | "blue" | "red"> = {
  active: "green",
  pending: "blue",
  expired: "red",
};

const COLUMNS = 10;

export const KeyTable = ({ client, keys, canChange, onEdit, onRenew, onDelete }: Props) => {
  const { t, i18n } = useTranslation();
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const when = (epochMillis: number) => formatDateTime(epochMillis, i18n.language);
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) {
        next.add(id);
      }
      return next;
    });

  return (
    <Table aria-label={t("apiKeys.tableLabel")} variant="compact" gridBreakPoint="grid-lg" data-testid="api-keys-table">
      <Thead>
        <Tr>
          <Th screenReaderText={t("apiKeys.column.details")} />
          <Th modifier="wrap" width={15}>{t("apiKeys.column.label")}</Th>
          <Th modifier="wrap">{t("apiKeys.column.accessKey")}</Th>
          <Th modifier="wrap">{t("apiKeys.column.permissions")}</Th>
          <Th modifier="wrap">{t("apiKeys.column.ipAllowList")}</Th>
          <Th modifier="wrap">{t("apiKeys.column.created")}</Th>
          <Th modifier="wrap">{t("apiKeys.column.expires")}</Th>
          <Th modifier="wrap">{t("apiKeys.column.status")}</Th>
          <Th modifier="wrap">{t("apiKeys.column.lastUsed")}</Th>
          <Th screenReaderText={t("apiKeys.column.actions")} />
        </Tr>
      </Thead>
      {keys.map((key) => {
        const isExpanded = expanded.has(key.id);
        return (
          <Tbody key={key.id} isExpanded={isExpanded}>
            <Tr data-key-label={key.label}>
              <Td className="pf-v5-c-table__toggle">
                <Button
                  variant="plain"
                  onClick={() => toggle(key.id)}
                  aria-expanded={isExpanded}
                  aria-controls={`api-key-details-${key.id}`}
                  aria-label={t("apiKeys.toggleActivity", { label: key.label })}
                >
                  {isExpanded ? <AngleDownIcon /> : <AngleRightIcon />}
                </Button>
              </Td>
              <Td dataLabel={t("apiKeys.column.label")} modifier="breakWord">
                <strong>{key.label}</strong>
              </Td>
              <Td dataLabel={t("apiKeys.column.accessKey")}>
                <ClipboardCopy
                  variant="inline-compact"
                  isCode
                  hoverTip={t("apiKeys.copyAccessKeyOf", { label: key.label })}
                  clickTip={t("apiKeys.copied")}
                  className="api-keys-access-key"
                >
                  {key.accessKey}
                </ClipboardCopy>
              </Td>
              <Td dataLabel={t("apiKeys.column.permissions")} data-testid="key-permissions">
                <LabelGroup numLabels={4}>
                  {key.scopes.map((scope) =>
                    key.scopesInForce.includes(scope) ? (
                      <Label key={scope} isCompact>
                        {scopeLabel(scope, t)}
                      </Label>
                    ) : (
                      <Label
                        key={scope}
                        isCompact
                        variant="outline"
                        color="grey"
                        title={t("apiKeys.scope.dormantHint")}
                        data-dormant="true"
                      >
                        {t("apiKeys.scope.dormant", { scope: scopeLabel(scope, t) })}
                      </Label>
                    ),
                  )}
                </LabelGroup>
              </Td>
              <Td dataLabel={t("apiKeys.column.ipAllowList")}>
                {key.ipAllowList.length === 0 ? (
                  <span className="pf-v5-u-color-200">{t("apiKeys.anyAddress")}</span>
                ) : (
                  <LabelGroup
                    numLabels={3}
                    collapsedText={t("apiKeys.moreItems", { remaining: "${remaining}" })}
                    expandedText={t("apiKeys.showLess")}
                  >
                    {key.ipAllowList.map((entry) => (
                      <Label key={entry} isCompact variant="outline" className="api-keys-ip">
                        {entry}
                      </Label>
                    ))}
                  </LabelGroup>
                )}
              </Td>
              <Td dataLabel={t("apiKeys.column.created")}>{when(key.createdAt)}</Td>
              <Td dataLabel={t("apiKeys.column.expires")}>
                {key.expiresAt === undefined ? t("apiKeys.never") : when(key.expiresAt)}
              </Td>
              <Td dataLabel={t("apiKeys.column.status")}>
                <Label color={STATUS_COLOR[key.status]} data-testid="key-status">
                  {t(`apiKeys.status.${key.status}`)}
                </Label>
                {key.status === "pending" && (
                  <div className="pf-v5-u-font-size-sm">{t("apiKeys.activeFrom", { time: when(key.activeFrom) })}</div>
                )}
              </Td>
              <Td dataLabel={t("apiKeys.column.lastUsed")}>
                {key.lastUsedAt === undefined
                  ? t("apiKeys.neverUsed")
                  : key.lastUsedIp
                    ? t("apiKeys.lastUsedFrom", { time: when(key.lastUsedAt), ip: key.lastUsedIp })
                    : when(key.lastUsedAt)}
              </Td>
              <Td isActionCell>
                <ActionsColumn
                  isDisabled={!canChange}
                  actionsToggle={({ onToggle, isOpen, isDisabled, toggleRef }) => (
                    <MenuToggle
                      ref={toggleRef}
                      onClick={onToggle}
                      isExpanded={isOpen}
                      isDisabled={isDisabled}
                      variant="plain"
                      aria-label={t("apiKeys.actionsFor", { label: key.label })}
                    >
                      <EllipsisVIcon />
                    </MenuToggle>
                  )}
                  items={[
                    { title: t("apiKeys.action.edit"), onClick: () => onEdit(key) },
                    {
                      title: t("apiKeys.action.renew"),
                      onClick: () => onRenew(key),
                      isAriaDisabled: key.expiresAt === undefined,
                      tooltipProps:
                        key.expiresAt === undefined ? { content: t("apiKeys.renew.notNeeded") } : undefined,
                    },
                    { isSeparator: true },
                    { title: t("apiKeys.action.delete"), onClick: () => onDelete(key), isDanger: true },
                  ]}
                />
              </Td>
            </Tr>
            <Tr isExpanded={isExpanded} id={`api-key-details-${key.id}`}>
              <Td colSpan={COLUMNS}>
                {isExpanded && (
                  <ExpandableRowContent>
                    <KeyActivitySection client={client} keyId={key.id} />
                  </ExpandableRowContent>
                )}
              </Td>
            </Tr>
          </Tbody>
        );
      })}
    </Table>
  );
};
