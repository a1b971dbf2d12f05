package dev.apikeys.keycloak.exchange;

import dev.apikeys.keycloak.address.AddressBookClaim;
import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.ip.ClientAddress;
import dev.apikeys.keycloak.keyuse.ApiKeyGate;
import dev.apikeys.keycloak.keyuse.ApiKeyTokenClaims;
import dev.apikeys.keycloak.keyuse.KeyRefusal;
import dev.apikeys.keycloak.keyuse.LastUse;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.RealmPolicyStore;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.util.TokenUtil;

/**
 * RFC 8693 token exchange with {@code subject_token_type=}{@value #TOKEN_TYPE}: the key's secret becomes a
 * short-lived access token of its owner, in a transient session, without a refresh token. Only confidential
 * clients with the attribute {@value #CLIENT_ATTRIBUTE}{@code =true} may exchange keys, and only for bearer
 * tokens: a client that requires DPoP or certificate-bound tokens (or sends a DPoP proof) is refused rather than
 * handed a token without the binding it asked for.
 */
final class ApiKeyTokenExchangeProvider implements TokenExchangeProvider {

    static final String TOKEN_TYPE = "urn:apikeys:token-type:api-key";
    static final String CLIENT_ATTRIBUTE = "api-keys.exchange.enabled";
    private static final String AUTH_METHOD = "api-key";

    @Override
    public boolean supports(TokenExchangeContext context) {
        return TOKEN_TYPE.equals(context.getParams().getSubjectTokenType());
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        ClientModel client = context.getClient();
        EventBuilder event = context.getEvent();
        if (!Boolean.parseBoolean(client.getAttribute(CLIENT_ATTRIBUTE)) || client.isPublicClient()) {
            event.detail(Details.REASON, client.isPublicClient() ? "public client" : "client not enabled for API-key exchange")
                    .error(Errors.NOT_ALLOWED);
            throw error(context, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "this client may not exchange API keys: only confidential clients that an administrator enabled may");
        }
        if (KeyClients.wantsSenderConstrainedTokens(session, client)) {
            event.detail(Details.REASON, "sender-constrained token required").error(Errors.NOT_ALLOWED);
            throw error(context, OAuthErrorException.UNAUTHORIZED_CLIENT, KeyClients.BEARER_ONLY);
        }
        String requestedType = context.getParams().getRequestedTokenType();
        if (requestedType != null && !OAuth2Constants.ACCESS_TOKEN_TYPE.equals(requestedType)) {
            event.detail(Details.REASON, "unsupported requested_token_type").error(Errors.INVALID_REQUEST);
            throw error(context, OAuthErrorException.INVALID_REQUEST, "only access tokens are issued for API keys");
        }
        if (context.getParams().getAudience() != null || context.getParams().getResource() != null) {
            event.detail(Details.REASON, "audience or resource requested").error(Errors.INVALID_REQUEST);
            throw error(context, OAuthErrorException.INVALID_REQUEST, "audience and resource are not supported for API keys");
        }

        ClientAddress clientAddress = ClientAddress.of(context.getClientConnection().getRemoteAddr());
        ApiKeyPolicy policy = RealmPolicyStore.read(realm);
        ApiKeyGate.Admission admission;
        try {
            admission = new ApiKeyGate(session, realm, policy).admit(context.getParams().getSubjectToken(), clientAddress,
                    ApiKeyTokenClaims.split(context.getParams().getScope()));
        } catch (KeyRefusal refusal) {
            refusal.record(session, event, clientAddress);
            throw error(context, refusal.reason().oauthError(), refusal.reason().description());
        }

        event.user(admission.user()).detail(ApiKeyCredentialModel.TOKEN_CLAIM, admission.key().getId())
                .detail(Details.SCOPE, ApiKeyTokenClaims.join(admission.scopes()));
        Response response = issue(context, admission, policy);
        LastUse.record(session, realm, admission.user(), admission.key(), clientAddress.text());
        return response;
    }

    private Response issue(TokenExchangeContext context, ApiKeyGate.Admission admission, ApiKeyPolicy policy) {
        RealmModel realm = context.getRealm();
        AccessTokenResponse response = KeycloakInternals.accessTokenInTransientSession(context, admission.user(),
                ApiKeyTokenClaims.join(admission.scopes()), AUTH_METHOD, OAuth2Constants.TOKEN_EXCHANGE_GRANT_TYPE, token -> {
                    token.setSessionId(null);
                    ApiKeyTokenClaims.apply(realm, token, admission.key().getId(), admission.scopes(), policy.scopes());
                    AddressBookClaim.apply(policy.addressBook().alwaysBound(), admission.user(), token, admission.scopes());
                });
        context.getEvent().session((String) null);
        response.setTokenType(TokenUtil.TOKEN_TYPE_BEARER);
        response.setOtherClaims(OAuth2Constants.ISSUED_TOKEN_TYPE, OAuth2Constants.ACCESS_TOKEN_TYPE);
        context.getEvent().success();
        return context.getCors().add(Response.ok(response, MediaType.APPLICATION_JSON_TYPE));
    }

    private static RuntimeException error(TokenExchangeContext context, String error, String description) {
        return KeycloakInternals.exchangeRefusal(context, error, description);
    }

    /** Keycloak 26.4 asks a provider which token-exchange version it implements (V2's request parameters). */
    public int getVersion() {
        return 2;
    }

    @Override
    public void close() {
    }
}
