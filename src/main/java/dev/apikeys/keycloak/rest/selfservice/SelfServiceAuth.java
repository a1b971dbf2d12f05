package dev.apikeys.keycloak.rest.selfservice;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/**
 * Authenticates a self-service call as Keycloak's account REST API does: a bearer token for the
 * {@code account} audience holding {@code manage-account}. Service accounts are refused, and so are tokens
 * that were themselves obtained with an API key: a leaked key must not be able to mint more keys.
 */
final class SelfServiceAuth {

    private SelfServiceAuth() {
    }

    record Caller(UserModel user, ClientModel client, AccessToken token) {
    }

    static Caller authenticate(KeycloakSession session, RealmModel realm) {
        KeycloakInternals.Bearer result = KeycloakInternals.authenticateBearer(session);
        if (result == null) {
            throw ApiKeyError.NOT_AUTHENTICATED.exception("a valid bearer token is required");
        }
        ClientModel account = realm.getClientByClientId(KeycloakInternals.ACCOUNT_CLIENT_ID);
        if (account == null || !account.isEnabled()) {
            throw ApiKeyError.FORBIDDEN.exception("account management is disabled in this realm");
        }
        AccessToken token = result.token();
        if (token.getOtherClaims().containsKey(ApiKeyCredentialModel.TOKEN_CLAIM)) {
            throw ApiKeyError.FORBIDDEN.exception("a token obtained with an API key cannot manage API keys");
        }
        if (token.getAudience() == null || token.getResourceAccess(account.getClientId()) == null) {
            token = KeycloakInternals.withClaimsRebuilt(session, token, result.session());
        }
        if (!token.hasAudience(account.getClientId())) {
            throw ApiKeyError.NOT_AUTHENTICATED.exception("the token is not meant for the account service");
        }
        AccessToken.Access access = token.getResourceAccess(account.getClientId());
        if (access == null || !access.isUserInRole(KeycloakInternals.MANAGE_ACCOUNT_ROLE)) {
            throw ApiKeyError.FORBIDDEN.exception("the token lacks the manage-account role");
        }
        if (result.user().getServiceAccountClientLink() != null) {
            throw ApiKeyError.FORBIDDEN.exception("service accounts cannot hold API keys");
        }
        return new Caller(result.user(), result.client(), token);
    }
}
