package dev.apikeys.keycloak.exchange;

import java.util.List;

import dev.apikeys.keycloak.address.AddressBookClaim;
import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.keyuse.ApiKeyTokenClaims;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;

/**
 * Shapes tokens of sessions opened with an API key in a direct-grant flow (see {@link ApiKeyTokenClaims}).
 * Tokens of other sessions pass untouched. Clients whose direct-grant flow uses the API-key authenticator
 * must have this mapper; the authenticator refuses to log in through a client that lacks it.
 */
public final class ApiKeyClaimsMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    /** User-session notes that carry the decision from the direct-grant authenticator to the token mapper. */
    static final String SCOPES_NOTE = "api_key.scopes";
    static final String PERMISSIONS_NOTE = "api_key.permissions";
    /** Whether the realm binds every withdrawal to the address book, from the policy the key login read. */
    static final String ALWAYS_BOUND_NOTE = "api_key.address_book_always_bound";

    public static final String PROVIDER_ID = "api-key-claims-mapper";
    /** After every built-in mapper, so that the roles it trims are already there. */
    private static final int PRIORITY = 1_000_000;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "API key claims";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "For logins with an API key: adds api_key_id, limits scope to the key's permissions and empties "
                + "Keycloak management roles. Other tokens are not changed.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return shape(token, userSession);
    }

    @Override
    public AccessToken transformIntrospectionToken(AccessToken token, ProtocolMapperModel mappingModel, KeycloakSession session,
                                                   UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        return shape(token, userSession);
    }

    private static AccessToken shape(AccessToken token, UserSessionModel userSession) {
        String keyId = userSession.getNote(ApiKeyCredentialModel.SESSION_NOTE);
        if (keyId != null) {
            token.setSessionId(null);
            List<String> granted = ApiKeyTokenClaims.split(userSession.getNote(SCOPES_NOTE));
            ApiKeyTokenClaims.apply(userSession.getRealm(), token, keyId, granted,
                    ApiKeyTokenClaims.split(userSession.getNote(PERMISSIONS_NOTE)));
            AddressBookClaim.apply(Boolean.parseBoolean(userSession.getNote(ALWAYS_BOUND_NOTE)),
                    userSession.getUser(), token, granted);
        }
        return token;
    }
}
