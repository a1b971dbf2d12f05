package dev.apikeys.keycloak.exchange;

import java.util.ArrayList;
import java.util.List;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.ip.ClientAddress;
import dev.apikeys.keycloak.keyuse.ApiKeyGate;
import dev.apikeys.keycloak.keyuse.ApiKeyTokenClaims;
import dev.apikeys.keycloak.keyuse.KeyRefusal;
import dev.apikeys.keycloak.keyuse.LastUse;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.RealmPolicyStore;
import dev.apikeys.keycloak.rest.Answers;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * "Log in with an API key" for direct-grant flows: the secret comes in the {@value ApiKeyGate#HEADER} header or the
 * {@value #FORM_PARAMETER} form parameter and goes through the same {@link ApiKeyGate} as a token exchange.
 * The session is transient; the granted scopes become the session's scope and the claims mapper marks the
 * token. Permission scopes in the request's {@code scope} must be granted to the key; other scopes (such as
 * {@code openid}) are left to Keycloak, except {@code offline_access}: nothing a key login yields may outlive the
 * key, so it is refused, and so is a client that would issue refresh tokens.
 *
 * <p>It acts only in the token endpoint's password grant; anywhere else (a browser flow, say) it steps aside with
 * {@code attempted()}, as it does when no key is sent and its step is not REQUIRED.
 */
final class ApiKeyAuthenticator implements Authenticator {

    static final String FORM_PARAMETER = "api_key";
    private static final String DIRECT_GRANT_FLOW_PATH = "token";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ClientModel client = authSession.getClient();
        String secret = secret(context);
        if (!isPasswordGrant(context) || (secret == null && !context.getExecution().isRequired())) {
            context.attempted();
            return;
        }
        if (!hasClaimsMapper(client)) {
            context.getEvent().detail(Details.REASON, "client lacks the " + ApiKeyClaimsMapper.PROVIDER_ID).error("api_key_mapper_missing");
            fail(context, AuthenticationFlowError.CLIENT_CREDENTIALS_SETUP_REQUIRED, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "this client is not set up for API-key login");
            return;
        }
        if (KeyClients.wantsSenderConstrainedTokens(session, client)) {
            context.getEvent().detail(Details.REASON, "sender-constrained token required").error(Errors.NOT_ALLOWED);
            fail(context, AuthenticationFlowError.CLIENT_CREDENTIALS_SETUP_REQUIRED, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    KeyClients.BEARER_ONLY);
            return;
        }
        if (KeycloakInternals.oidcSettings(client).refreshTokens()) {
            context.getEvent().detail(Details.REASON, "client issues refresh tokens").error(Errors.NOT_ALLOWED);
            fail(context, AuthenticationFlowError.CLIENT_CREDENTIALS_SETUP_REQUIRED, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "API-key login needs a client that issues no refresh tokens (use.refresh.tokens=false)");
            return;
        }
        ApiKeyPolicy policy = RealmPolicyStore.read(realm);
        List<String> permissionScopes = policy.scopes();
        List<String> requested = ApiKeyTokenClaims.split(authSession.getClientNote(KeycloakInternals.SCOPE_NOTE));
        if (requested.contains(OAuth2Constants.OFFLINE_ACCESS)) {
            context.getEvent().detail(Details.REASON, "offline_access requested").error(Errors.INVALID_REQUEST);
            fail(context, AuthenticationFlowError.INVALID_CLIENT_SESSION, OAuthErrorException.INVALID_SCOPE,
                    "offline_access is not available with an API key");
            return;
        }
        List<String> requestedPermissions = new ArrayList<>(requested);
        requestedPermissions.retainAll(permissionScopes);
        ClientAddress clientAddress = ClientAddress.of(context.getConnection().getRemoteAddr());

        ApiKeyGate.Admission admission;
        try {
            admission = new ApiKeyGate(session, realm, policy).admit(secret, clientAddress, requestedPermissions);
        } catch (KeyRefusal refusal) {
            refusal.record(session, context.getEvent(), clientAddress);
            fail(context, AuthenticationFlowError.INVALID_CREDENTIALS, refusal.reason().oauthError(), refusal.reason().description());
            return;
        }

        UserModel user = admission.user();
        List<String> scope = new ArrayList<>(requested);
        scope.removeAll(permissionScopes);
        scope.addAll(admission.scopes());
        authSession.setClientNote(KeycloakInternals.SCOPE_NOTE, ApiKeyTokenClaims.join(scope));
        KeycloakInternals.makeLoginSessionTransient(authSession);
        authSession.setUserSessionNote(ApiKeyCredentialModel.SESSION_NOTE, admission.key().getId());
        authSession.setUserSessionNote(ApiKeyClaimsMapper.SCOPES_NOTE, ApiKeyTokenClaims.join(admission.scopes()));
        authSession.setUserSessionNote(ApiKeyClaimsMapper.PERMISSIONS_NOTE, ApiKeyTokenClaims.join(permissionScopes));
        authSession.setUserSessionNote(ApiKeyClaimsMapper.ALWAYS_BOUND_NOTE, Boolean.toString(policy.addressBook().alwaysBound()));
        context.getEvent().detail(ApiKeyCredentialModel.TOKEN_CLAIM, admission.key().getId());
        context.setUser(user);
        context.success();
        LastUse.record(session, realm, user, admission.key(), clientAddress.text());
    }

    /** The key sent with the request, or null. */
    private static String secret(AuthenticationFlowContext context) {
        String header = context.getHttpRequest().getHttpHeaders().getHeaderString(ApiKeyGate.HEADER);
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String form = context.getHttpRequest().getDecodedFormParameters().getFirst(FORM_PARAMETER);
        return form == null || form.isBlank() ? null : form;
    }

    /**
     * The token endpoint's password grant: Keycloak runs it under the flow path {@value #DIRECT_GRANT_FLOW_PATH}
     * (browser flows run under "authenticate", "registration", ...), whatever form fields a page posts.
     */
    private static boolean isPasswordGrant(AuthenticationFlowContext context) {
        return DIRECT_GRANT_FLOW_PATH.equals(context.getFlowPath());
    }

    private static boolean hasClaimsMapper(ClientModel client) {
        return client.getProtocolMappersStream().anyMatch(mapper -> ApiKeyClaimsMapper.PROVIDER_ID.equals(mapper.getProtocolMapper()))
                || client.getClientScopes(true).values().stream().anyMatch(scope -> scope.getProtocolMappersStream()
                .anyMatch(mapper -> ApiKeyClaimsMapper.PROVIDER_ID.equals(mapper.getProtocolMapper())));
    }

    private static void fail(AuthenticationFlowContext context, AuthenticationFlowError flowError, String error, String description) {
        context.failure(flowError, Answers.oauthError(error, description));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
