import { Alert, Spinner, Text, TextContent, TextVariants } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiKeysClient } from "./api";
import { describeError } from "./errors";
import { formatDateTime } from "./format";
import type { KeyActivity } from "./types";

type Props = { client: ApiKeysClient; keyId: string };

type State =
  | { kind: "loading" }
  | { kind: "loaded"; activity: KeyActivity }
  | { kind: "failed"; message: string };

/** The key's last use and recent events; servers without the activity endpoint get a plain explanation. */
export const KeyActivitySection = ({ client, keyId }: Props) => {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<State>({ kind: "loading" });
  const when = (epochMillis: number) => formatDateTime(epochMillis, i18n.language, true);

  useEffect(() => {
    const controller = new AbortController();
    client
      .activity(keyId, controller.signal)
      .then((activity) => setState({ kind: "loaded", activity }))
      .catch((error) => {
        if (!controller.signal.aborted) {
          setState({ kind: "failed", message: describeError(error, t).message });
        }
      });
    return () => controller.abort();
  }, [client, keyId, t]);

  const headingId = `activity-${keyId}`;
  return (
    <section aria-labelledby={headingId} data-testid="key-activity">
      <TextContent className="pf-v5-u-mb-sm">
        <Text component={TextVariants.h3} id={headingId}>
          {t("apiKeys.activity.title")}
        </Text>
      </TextContent>
      {state.kind === "loading" && <Spinner size="md" aria-label={t("apiKeys.loading")} />}
      {state.kind === "failed" && <Alert variant="danger" isInline isPlain title={state.message} />}
      {state.kind === "loaded" && <ActivityDetails activity={state.activity} when={when} headingId={headingId} />}
    </section>
  );
};

type DetailsProps = { activity: KeyActivity; when: (epochMillis: number) => string; headingId: string };

const ActivityDetails = ({ activity, when, headingId }: DetailsProps) => {
  const { t } = useTranslation();
  const events = activity.events ?? [];
  return (
    <>
      <Text component={TextVariants.p} data-testid="activity-last-use">
        {activity.lastUsedAt === undefined
          ? t("apiKeys.activity.neverUsed")
          : t("apiKeys.activity.lastUse", {
              time: when(activity.lastUsedAt),
              ip: activity.lastUsedIp ?? t("apiKeys.activity.unknownAddress"),
            })}
      </Text>
      {activity.holderRefusal && (
        <Text component={TextVariants.p} data-testid="activity-holder-refusal">
          {t("apiKeys.activity.holderRefusal", {
            time: when(activity.holderRefusal.time),
            error: activity.holderRefusal.error,
            ip: activity.holderRefusal.ipAddress ?? t("apiKeys.activity.unknownAddress"),
          })}
        </Text>
      )}
      {!activity.eventsStored && (
        <Text component={TextVariants.small}>{t("apiKeys.activity.eventsNotStored")}</Text>
      )}
      {activity.eventsStored && events.length === 0 && (
        <Text component={TextVariants.small}>{t("apiKeys.activity.none")}</Text>
      )}
      {events.length > 0 && (
        <Table variant="compact" aria-labelledby={headingId} data-testid="activity-events">
          <Thead>
            <Tr>
              <Th>{t("apiKeys.activity.time")}</Th>
              <Th>{t("apiKeys.activity.event")}</Th>
              <Th>{t("apiKeys.activity.client")}</Th>
              <Th>{t("apiKeys.activity.ip")}</Th>
              <Th>{t("apiKeys.activity.result")}</Th>
            </Tr>
          </Thead>
          <Tbody>
            {events.map((event, index) => (
              <Tr key={`${event.time}-${index}`}>
                <Td dataLabel={t("apiKeys.activity.time")}>{when(event.time)}</Td>
                <Td dataLabel={t("apiKeys.activity.event")}>
                  {t(`apiKeys.activity.type.${event.type}`, { defaultValue: event.type })}
                </Td>
                <Td dataLabel={t("apiKeys.activity.client")}>{event.clientId ?? "—"}</Td>
                <Td dataLabel={t("apiKeys.activity.ip")}>{event.ipAddress ?? "—"}</Td>
                <Td dataLabel={t("apiKeys.activity.result")}>
                  {event.error
                    ? t("apiKeys.activity.failed", { error: event.error })
                    : t("apiKeys.activity.succeeded")}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </>
  );
};
