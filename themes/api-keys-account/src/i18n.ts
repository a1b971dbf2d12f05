import { createInstance, type LanguageDetectorModule } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";
import { environment } from "./environment";

type Message = { key: string; value: string };

// The server already picked the user's locale (user attribute, realm default or browser).
const serverLocale: LanguageDetectorModule = {
  type: "languageDetector",
  detect: () => environment.locale,
};

/**
 * One instance for the built-in pages and ours: Keycloak merges this theme's messages with keycloak.v3's and
 * the realm's overrides and serves them as a flat key/value list.
 */
export const i18n = createInstance({
  fallbackLng: "en",
  // Message keys are flat property names; "apiKeys.create" is one key, not a path.
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  showSupportNotice: false,
  backend: {
    loadPath: `${environment.serverBaseUrl}/resources/${encodeURIComponent(environment.realm)}/account/{{lng}}`,
    parse: (data: string) =>
      Object.fromEntries((JSON.parse(data) as Message[]).map(({ key, value }) => [key, value])),
  },
});

i18n.use(FetchBackend).use(serverLocale).use(initReactI18next);
