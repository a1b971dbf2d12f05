import type { AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { getInjectedEnvironment } from "@keycloak/keycloak-ui-shared";

/** What index.ftl injects as JSON: realm, client, server and resource URLs, locale and feature flags. */
export const environment = getInjectedEnvironment<AccountEnvironment>();
