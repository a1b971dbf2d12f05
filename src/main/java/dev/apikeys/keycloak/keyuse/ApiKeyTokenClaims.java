package dev.apikeys.keycloak.keyuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.representations.AccessToken;

/**
 * What makes a token an API-key token, for both entry points:
 * <ul>
 *   <li>{@value ApiKeyCredentialModel#TOKEN_CLAIM} names the key (resource servers and audits can tell which key acted);</li>
 *   <li>{@code scope} holds exactly the granted key permissions among the realm's permission scopes;</li>
 *   <li>{@code typ} is {@value #TOKEN_TYPE}, not {@code Bearer}. This is what keeps a key token away from
 *       Keycloak's admin REST API, its account REST API, userinfo, this extension's own endpoints and Keycloak's
 *       standard token exchange (laundering), on every supported version: each of them authenticates a bearer
 *       token through {@code AuthenticationManager.verifyIdentityToken}, which accepts only the types
 *       {@code Bearer} and {@code DPoP} (an exact match). It holds whatever roles or fine-grained admin
 *       permissions the owner has or gains after the token was issued, because the token is refused before any
 *       permission is looked at;</li>
 *   <li>roles that reach the token only through a permission scope the key does not grant are removed, however
 *       they got there (the scope is a default scope of the client, or the client has "Full scope allowed");</li>
 *   <li>roles of Keycloak's own management clients are emptied as well, for resource servers that read roles
 *       from the token.</li>
 * </ul>
 */
public final class ApiKeyTokenClaims {

    /** The {@code typ} of every key token; resource servers that check {@code typ} must accept it. */
    public static final String TOKEN_TYPE = "API-Key";

    private static final List<String> MANAGEMENT_CLIENTS = KeycloakInternals.KEYCLOAK_CLIENT_IDS;

    private ApiKeyTokenClaims() {
    }

    /**
     * @param permissionScopes every permission scope the realm's policy knows; others in the token are left alone
     */
    public static void apply(RealmModel realm, AccessToken token, String keyId, Collection<String> granted,
                             Collection<String> permissionScopes) {
        token.type(TOKEN_TYPE);
        token.getOtherClaims().put(ApiKeyCredentialModel.TOKEN_CLAIM, keyId);
        token.setScope(scope(token.getScope(), granted, permissionScopes));
        removeRoles(token, rolesOnlyFromScopesNotGranted(realm, granted, permissionScopes));
        if (token.getResourceAccess() != null) {
            for (String client : MANAGEMENT_CLIENTS) {
                if (token.getResourceAccess().containsKey(client)) {
                    token.getResourceAccess().put(client, new AccessToken.Access().roles(new HashSet<>()));
                }
            }
        }
    }

    /** Roles mapped to a permission scope the key lacks, and to none it has (composites expanded). */
    private static Set<RoleModel> rolesOnlyFromScopesNotGranted(RealmModel realm, Collection<String> granted,
                                                               Collection<String> permissionScopes) {
        Set<RoleModel> withheld = new HashSet<>();
        Set<RoleModel> kept = new HashSet<>();
        realm.getClientScopesStream().filter(scope -> permissionScopes.contains(scope.getName())).forEach(scope ->
                RoleUtils.expandCompositeRolesStream(scope.getScopeMappingsStream())
                        .forEach((granted.contains(scope.getName()) ? kept : withheld)::add));
        withheld.removeAll(kept);
        return withheld;
    }

    private static void removeRoles(AccessToken token, Set<RoleModel> roles) {
        for (RoleModel role : roles) {
            AccessToken.Access access = role.getContainer() instanceof ClientModel client
                    ? token.getResourceAccess(client.getClientId())
                    : token.getRealmAccess();
            if (access != null && access.getRoles() != null) {
                access.getRoles().remove(role.getName());
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

    public static String join(Collection<String> values) {
        return String.join(" ", values);
    }

    public static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList(value.trim().split("\\s+")));
    }
}
