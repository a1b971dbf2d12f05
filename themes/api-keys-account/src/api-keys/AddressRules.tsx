import { Alert, List, ListItem } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { formatLifetime } from "./format";
import type { AddressManagement } from "./types";

/** The realm's address-book rules, shown before the user spends an OTP code on a request the server would refuse. */
export const AddressRules = ({ management }: { management: AddressManagement }) => {
  const { t } = useTranslation();
  return (
    <Alert variant="info" isInline isPlain title={t("apiKeys.addresses.rules.title")} data-testid="address-rules">
      <List>
        {management.emailConfirmation && (
          <ListItem>
            {t("apiKeys.addresses.rules.confirmation", {
              lifetime: formatLifetime(management.confirmationLifespanSeconds, t),
            })}
          </ListItem>
        )}
        <ListItem>{t("apiKeys.addresses.rules.fields")}</ListItem>
        <ListItem>
          {t("apiKeys.addresses.rules.count", { count: management.entryCount, max: management.maxEntries })}
        </ListItem>
      </List>
    </Alert>
  );
};
