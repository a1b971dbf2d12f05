package dev.apikeys.keycloak.exchange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import org.keycloak.models.Constants;
import org.keycloak.representations.AccessToken;

/**
 * What makes a token an API-key token, for both entry points:
 * <ul>
 *   <li>{@value #KEY_ID_CLAIM} names the key (resource servers and audits can tell which key acted);</li>
 *   <li>{@code scope} holds exactly the granted key permissions among the realm's permission scopes;</li>
 *   <li>roles of Keycloak's own management clients are emptied, so the token cannot manage the account,
 *       the realm or further keys, whatever roles its owner has. The entries stay (empty) because Keycloak's
 *       account API would otherwise rebuild them from the user's roles.</li>
 * </ul>
 */
public final class ApiKeyTokenClaims {

    public static final String KEY_ID_CLAIM = ApiKeyCredentialModel.TOKEN_CLAIM;
    /** User-session notes that carry the decision from the direct-grant authenticator to the token mapper. */
    static final String KEY_ID_NOTE = "api_key.id";
    static final String SCOPES_NOTE = "api_key.scopes";
    static final String PERMISSIONS_NOTE = "api_key.permissions";

    private static final List<String> MANAGEMENT_CLIENTS = List.of(
            Constants.ACCOUNT_MANAGEMENT_CLIENT_ID, Constants.REALM_MANAGEMENT_CLIENT_ID, Constants.BROKER_SERVICE_CLIENT_ID);

    private ApiKeyTokenClaims() {
    }

    /**
     * @param permissionScopes every permission scope the realm's policy knows; others in the token are left alone
     */
    public static void apply(AccessToken token, String keyId, Collection<String> granted, Collection<String> permissionScopes) {
        token.getOtherClaims().put(KEY_ID_CLAIM, keyId);
        token.setScope(scope(token.getScope(), granted, permissionScopes));
        if (token.getResourceAccess() != null) {
            for (String client : MANAGEMENT_CLIENTS) {
                if (token.getResourceAccess().containsKey(client)) {
                    token.getResourceAccess().put(client, new AccessToken.Access().roles(new HashSet<>()));
                }
            }
        }
    }

    static String scope(String current, Collection<String> granted, Collection<String> permissionScopes) {
        Set<String> scopes = new LinkedHashSet<>();
        if (current != null && !current.isBlank()) {
            for (String scope : current.trim().split("\\s+")) {
                if (!permissionScopes.contains(scope)) {
                    scopes.add(scope);
                }
            }
        }
        scopes.addAll(granted);
        return String.join(" ", scopes);
    }

    static String join(Collection<String> values) {
        return String.join(" ", values);
    }

    static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList(value.trim().split("\\s+")));
    }
}
