package dev.apikeys.keycloak.keyuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;

class ApiKeyTokenClaimsTest {

    private static final List<String> PERMISSIONS = List.of("read", "trade", "withdraw");

    @Test
    void scopeHoldsExactlyTheGrantedPermissionsBesideOtherScopes() {
        assertEquals("profile email trade", ApiKeyTokenClaims.scope("profile email withdraw", List.of("trade"), PERMISSIONS));
        assertEquals("read trade", ApiKeyTokenClaims.scope(null, List.of("read", "trade"), PERMISSIONS));
        assertEquals("openid read", ApiKeyTokenClaims.scope("  openid   read ", List.of("read"), PERMISSIONS));
    }

    @Test
    void managementRolesAreEmptiedButOtherClientRolesStay() {
        AccessToken token = new AccessToken();
        token.addAccess("account").addRole("manage-account").addRole("view-profile");
        token.addAccess("realm-management").addRole("manage-users");
        token.addAccess("exchange-api").addRole("trader");
        token.setScope("profile read trade withdraw");

        RealmModel realm = (RealmModel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getClientScopesStream")) {
                        return Stream.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        ApiKeyTokenClaims.apply(realm, token, "0123456789abcdef0123456789abcdef", List.of("read"), PERMISSIONS);

        assertEquals("API-Key", token.getType(), "not a Bearer token: Keycloak's own APIs refuse it");
        assertTrue(token.getResourceAccess("account").getRoles().isEmpty());
        assertTrue(token.getResourceAccess("realm-management").getRoles().isEmpty());
        assertEquals(java.util.Set.of("trader"), token.getResourceAccess("exchange-api").getRoles());
        assertEquals("profile read", token.getScope());
        assertEquals("0123456789abcdef0123456789abcdef", token.getOtherClaims().get("api_key_id"));
        assertNull(token.getResourceAccess("broker"));
    }
}
