package dev.apikeys.keycloak.rest.gateway;

import java.util.List;

import dev.apikeys.keycloak.gateway.GatewayError;
import dev.apikeys.keycloak.gateway.KeyCheck;
import dev.apikeys.keycloak.gateway.KeyIntrospection;
import dev.apikeys.keycloak.ip.ClientAddress;
import dev.apikeys.keycloak.keyuse.KeyRefusal;
import dev.apikeys.keycloak.rest.Answers;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;

/**
 * RFC 7662 introspection of API keys at Keycloak's own introspection endpoint, which authenticates the client and
 * then picks this provider for {@code token_type_hint=}{@value ApiKeyIntrospectionProviderFactory#PROVIDER_ID}.
 * Only gateways ({@value KeyCheck#GATEWAY_ATTRIBUTE}) learn anything: for any other client, as for any key that
 * does not pass, the answer is {@code {"active": false}}. The caller's address comes in {@value KeyCheck#ADDRESS_HEADER}
 * as for forward-auth.
 */
final class ApiKeyIntrospectionProvider implements TokenIntrospectionProvider {

    private final KeycloakSession session;

    ApiKeyIntrospectionProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Response introspect(String token, EventBuilder event) {
        event.detail(KeyCheck.CHECK_DETAIL, "introspection").detail(Details.TOKEN_TYPE, KeyIntrospection.TOKEN_TYPE);
        ClientModel client = session.getContext().getClient();
        if (!KeyCheck.isGateway(client)) {
            event.detail(Details.REASON, "client not enabled as an API-key gateway").error(Errors.NOT_ALLOWED);
            return Answers.json(Response.ok(KeyIntrospection.INACTIVE));
        }
        ClientAddress address;
        try {
            address = KeyCheck.clientAddress(session.getContext().getRequestHeaders(), client);
        } catch (IllegalArgumentException e) {
            event.detail(Details.REASON, e.getMessage()).error(Errors.INVALID_REQUEST);
            return Answers.gatewayError(GatewayError.INVALID_REQUEST, e.getMessage());
        }
        try {
            KeyCheck.Passed passed = KeyCheck.check(session, session.getContext().getRealm(), event, token, address, List.of());
            long now = Time.currentTimeMillis();
            return Answers.json(Response.ok(KeyIntrospection.of(passed, client.getClientId(), now,
                    KeyCheck.cacheSeconds(passed, false, now))));
        } catch (KeyRefusal refusal) {
            return Answers.json(Response.ok(KeyIntrospection.INACTIVE));
        }
    }

    @Override
    public void close() {
    }
}
