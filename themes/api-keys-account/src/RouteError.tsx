import { Button, EmptyState, EmptyStateBody, EmptyStateFooter, EmptyStateHeader, PageSection } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, useRouteError } from "react-router-dom";
import { environment } from "./environment";

export const RouteError = () => {
  const { t } = useTranslation();
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <PageSection>
      <EmptyState>
        <EmptyStateHeader
          titleText={t(notFound ? "apiKeys.pageNotFound" : "apiKeys.unexpectedError")}
          headingLevel="h1"
        />
        <EmptyStateBody>{t("apiKeys.pageErrorHelp")}</EmptyStateBody>
        <EmptyStateFooter>
          <Button component="a" href={environment.baseUrl} variant="primary">
            {t("apiKeys.backToConsole")}
          </Button>
        </EmptyStateFooter>
      </EmptyState>
    </PageSection>
  );
};
