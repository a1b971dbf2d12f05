import { Alert, List, ListItem } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { formatLifetime, scopeLabel } from "./format";
import type { Policy } from "./types";

type Props = {
  policy: Policy;
  /** Whether the form currently holds IP entries: the rule that will apply is marked. */
  ipBound: boolean;
  /** The key count only matters when a key is added. */
  creating: boolean;
};

/** The realm's rules, shown before the user spends an OTP code on a request the server would refuse. */
export const PolicyRules = ({ policy, ipBound, creating }: Props) => {
  const { t } = useTranslation();
  const lifetimeRule = (ipBoundRule: boolean, seconds: number) => {
    const key = `apiKeys.rules.${ipBoundRule ? "ipBound" : "unbound"}${seconds > 0 ? "Lifetime" : "Never"}`;
    const text = t(key, { lifetime: formatLifetime(seconds, t) });
    return ipBoundRule === ipBound ? `${text} ${t("apiKeys.rules.applies")}` : text;
  };
  return (
    <Alert variant="info" isInline isPlain title={t("apiKeys.rules.title")} data-testid="policy-rules">
      <List>
        <ListItem>{lifetimeRule(false, policy.unboundLifetimeSeconds)}</ListItem>
        <ListItem>{lifetimeRule(true, policy.ipBoundLifetimeSeconds)}</ListItem>
        {policy.ipRequiredScopes.length > 0 && (
          <ListItem>
            {t("apiKeys.rules.ipRequiredScopes", {
              scopes: policy.ipRequiredScopes.map((scope) => scopeLabel(scope, t)).join(", "),
            })}
          </ListItem>
        )}
        <ListItem>{t("apiKeys.rules.maxIps", { count: policy.maxIpsPerKey })}</ListItem>
        {policy.activationDelaySeconds > 0 && (
          <ListItem>
            {t("apiKeys.rules.activationDelay", { delay: formatLifetime(policy.activationDelaySeconds, t) })}
          </ListItem>
        )}
        {creating && (
          <ListItem>{t("apiKeys.rules.keyCount", { count: policy.keyCount, max: policy.maxKeysPerUser })}</ListItem>
        )}
      </List>
    </Alert>
  );
};
