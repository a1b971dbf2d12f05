import { useEnvironment, type AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { Alert, Button } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";

/**
 * Every change to a key needs an authenticator code, so a user without one is sent through Keycloak's own
 * "configure OTP" required action and comes back here afterwards.
 */
export const OtpSetupPrompt = () => {
  const { t } = useTranslation();
  const { keycloak } = useEnvironment<AccountEnvironment>();
  const setUp = () => keycloak.login({ action: "CONFIGURE_TOTP", redirectUri: window.location.href });
  return (
    <Alert
      variant="warning"
      isInline
      title={t("apiKeys.otpSetup.title")}
      data-testid="otp-setup-prompt"
      actionLinks={
        <Button variant="primary" onClick={setUp} data-testid="otp-setup-button">
          {t("apiKeys.otpSetup.button")}
        </Button>
      }
    >
      {t("apiKeys.otpSetup.body")}
    </Alert>
  );
};
