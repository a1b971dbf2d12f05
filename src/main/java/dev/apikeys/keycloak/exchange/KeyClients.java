package dev.apikeys.keycloak.exchange;

import dev.apikeys.keycloak.seam.KeycloakInternals;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;


/** What a client must not ask of a key token, at both entry points. */
final class KeyClients {

    static final String BEARER_ONLY =
            "API keys yield bearer tokens only: this client requires, or this request asks for, DPoP or certificate-bound tokens";
    private static final String DPOP_HEADER = "DPoP";

    private KeyClients() {
    }

    /**
     * A client that requires DPoP or certificate-bound tokens, or a request with a DPoP proof, is refused rather than
     * handed a token without the binding it asked for (Keycloak would bind the token and make it a DPoP token,
     * which is not a key token).
     */
    static boolean wantsSenderConstrainedTokens(KeycloakSession session, ClientModel client) {
        KeycloakInternals.OidcClientSettings settings = KeycloakInternals.oidcSettings(client);
        return settings.dpopRequired() || settings.certificateBoundTokens()
                || session.getContext().getRequestHeaders().getHeaderString(DPOP_HEADER) != null;
    }
}
