import { routes as builtInRoutes } from "@keycloak/keycloak-account-ui";
import type { RouteObject } from "react-router-dom";
import { App } from "./App";
import { ApiKeysPage } from "./api-keys/ApiKeysPage";
import { environment } from "./environment";
import { RouteError } from "./RouteError";

/** Also the navigation entry's path in resources/content.json. */
export const API_KEYS_PATH = "api-keys";

export const routes: RouteObject[] = [
  {
    path: decodeURIComponent(new URL(environment.baseUrl).pathname.substring(1)),
    element: <App />,
    errorElement: <RouteError />,
    children: [...builtInRoutes, { path: API_KEYS_PATH, element: <ApiKeysPage /> }],
  },
];
