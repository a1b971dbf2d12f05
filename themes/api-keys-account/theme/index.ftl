<#-- Entry page of the api-keys account console. Keycloak fills entryScript, entryStyles and entryImports from
     resources/.vite/manifest.json, which the theme build writes. Every variable that not all supported Keycloak
     versions (26.4 to 26.7) set has a default here (x!default), so the page renders on each of them. -->
<!doctype html>
<html lang="${locale}" dir="${localeDir!"ltr"}">
  <head>
    <meta charset="utf-8">
    <link rel="icon" type="${properties.favIconType!'image/svg+xml'}" href="${resourceUrl}${properties.favIcon!'/favicon.svg'}">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light${(darkMode!false)?then(' dark', '')}">
    <meta name="referrer" content="no-referrer">
    <title>${msg("accountManagementTitle")}</title>
    <style>
      body { margin: 0; }
      body, #app { height: 100%; }
      .api-keys-loading {
        height: 100vh;
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        color: #151515;
        background-color: #fff;
        font-family: sans-serif;
      }
      @media (prefers-color-scheme: dark) {
        .api-keys-loading { color: #e0e0e0; background-color: #1b1d21; }
      }
    </style>
    <#if darkMode!false>
      <#-- Runs before first paint so a dark-mode user never sees a white flash. -->
      <script type="module" async blocking="render">
        const darkModeClass = "${properties.kcDarkModeClass}";
        const query = window.matchMedia("(prefers-color-scheme: dark)");
        const apply = (dark) => document.documentElement.classList.toggle(darkModeClass, dark);
        apply(query.matches);
        query.addEventListener("change", (event) => apply(event.matches));
      </script>
    </#if>
    <#if !(isSecureContext!true)>
      <script type="module" src="${resourceCommonUrl}/vendor/web-crypto-shim/web-crypto-shim.js"></script>
    </#if>
    <#if entryStyles?has_content>
      <#list entryStyles as style>
        <link rel="stylesheet" href="${resourceUrl}/${style}">
      </#list>
    </#if>
    <#if properties.styles?has_content>
      <#list properties.styles?split(' ') as style>
        <link rel="stylesheet" href="${resourceUrl}/${style}">
      </#list>
    </#if>
    <#if entryScript?has_content>
      <script type="module" src="${resourceUrl}/${entryScript}"></script>
    </#if>
    <#if entryImports?has_content>
      <#list entryImports as import>
        <link rel="modulepreload" href="${resourceUrl}/${import}">
      </#list>
    </#if>
  </head>
  <body data-page-id="account">
    <div id="app">
      <main class="api-keys-loading" aria-busy="true">
        <p>${msg("apiKeys.loadingConsole")}</p>
      </main>
    </div>
    <noscript>${msg("apiKeys.javascriptRequired")}</noscript>
    <script id="environment" type="application/json">
      {
        "serverBaseUrl": "${serverBaseUrl}",
        "authUrl": "${authUrl}",
        "authServerUrl": "${authServerUrl}",
        "realm": "${realm.name}",
        "clientId": "${clientId}",
        "resourceUrl": "${resourceUrl}",
        "logo": "${properties.logo!""}",
        "logoUrl": "${properties.logoUrl!""}",
        "darkMode": ${(darkMode!false)?c},
        "baseUrl": "${baseUrl}",
        "locale": "${locale}",
        "referrerName": "${referrerName!""}",
        "referrerUrl": "${referrer_uri!""}",
        "features": {
          "isRegistrationEmailAsUsername": ${realm.registrationEmailAsUsername?c},
          "isEditUserNameAllowed": ${realm.editUsernameAllowed?c},
          "isInternationalizationEnabled": ${realm.isInternationalizationEnabled()?c},
          "isLinkedAccountsEnabled": ${(isLinkedAccountsEnabled!false)?c},
          "isMyResourcesEnabled": ${(realm.userManagedAccessAllowed && (isAuthorizationEnabled!false))?c},
          "isViewOrganizationsEnabled": ${(isViewOrganizationsEnabled!false)?c},
          "deleteAccountAllowed": ${(deleteAccountAllowed!false)?c},
          "updateEmailFeatureEnabled": ${(updateEmailFeatureEnabled!false)?c},
          "updateEmailActionEnabled": ${(updateEmailActionEnabled!false)?c},
          "isViewApplicationsEnabled": ${(isViewApplicationsEnabled!true)?c},
          "isViewGroupsEnabled": ${(isViewGroupsEnabled!false)?c},
          "isOid4VciEnabled": ${(isOid4VciEnabled!false)?c}
        },
        "scope": "${scope!""}"
      }
    </script>
  </body>
</html>
