package dev.apikeys.keycloak.rest.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.apikeys.keycloak.gateway.GatewayError;
import dev.apikeys.keycloak.gateway.KeyCheck;
import dev.apikeys.keycloak.gateway.KeyIntrospection;
import dev.apikeys.keycloak.ip.ClientAddress;
import dev.apikeys.keycloak.keyuse.ApiKeyGate;
import dev.apikeys.keycloak.keyuse.KeyRefusal;
import dev.apikeys.keycloak.rest.Answers;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.BasicAuthHelper;

/**
 * {@code /realms/{realm}/api-keys/forward-auth}: "may this request pass?", as nginx {@code auth_request}, Traefik
 * {@code forwardAuth} and Envoy {@code ext_authz} ask it. Every method answers the same (a gateway may forward the
 * caller's method, and OPTIONS must not slip through as a CORS preflight); a path after {@code forward-auth/} is
 * ignored (Envoy appends the caller's path). The gateway authenticates as its client (Keycloak's client
 * authentication: a secret in {@code Authorization: Basic}, a signed JWT or a certificate), and only clients an
 * administrator opted in with {@value KeyCheck#GATEWAY_ATTRIBUTE} may ask; anyone else learns nothing about the key.
 * A passing key answers 200 with the owner in {@code X-Auth-*} headers; a missing or invalid key (an address outside
 * the allow-list included) 401, a valid key that may not do this 403.
 */
public final class ForwardAuthResource {

    static final String SCOPE_HEADER = "X-Required-Scope";
    static final String SCOPE_PARAMETER = "scope";
    static final String USER_ID = "X-Auth-User-Id";
    static final String USERNAME = "X-Auth-Username";
    static final String KEY_ID = "X-Auth-Key-Id";
    static final String SCOPE = "X-Auth-Scope";
    static final String WITHDRAWALS_BOUND = "X-Auth-Withdrawals-Bound";
    static final String ADDRESS_BOOK_VERSION = "X-Auth-Address-Book-Version";
    private static final String SCHEME = "ApiKey";

    private final KeycloakSession session;
    private final RealmModel realm;

    public ForwardAuthResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    public Response get() {
        return check();
    }

    @POST
    public Response post() {
        return check();
    }

    @PUT
    public Response put() {
        return check();
    }

    @PATCH
    public Response patch() {
        return check();
    }

    @DELETE
    public Response delete() {
        return check();
    }

    @OPTIONS
    public Response options() {
        return check();
    }

    private Response check() {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.INTROSPECT_TOKEN).detail(KeyCheck.CHECK_DETAIL, "forward-auth");
        if (!realm.isEnabled()) {
            return Answers.gatewayError(GatewayError.REALM_DISABLED, "realm not enabled");
        }
        if (!"https".equals(session.getContext().getUri().getBaseUri().getScheme())
                && realm.getSslRequired().isRequired(session.getContext().getConnection())) {
            return Answers.gatewayError(GatewayError.HTTPS_REQUIRED, "HTTPS required");
        }
        HttpHeaders headers = session.getContext().getRequestHeaders();
        ClientModel client = KeycloakInternals.authenticateClient(session, event);
        if (client != null && !namedByBasic(headers, client)) {
            // Keycloak's client authentication prefers a client_id in a form body to the Basic header: a caller whose
            // body the gateway forwards must not choose the client the check runs as
            event.detail(Details.REASON, "the client authenticated is not the one Authorization: Basic names")
                    .error(Errors.INVALID_CLIENT_CREDENTIALS);
            client = null;
        }
        if (client == null) {
            return Answers.gatewayError(GatewayError.INVALID_CLIENT, "the gateway must authenticate as its client",
                    "Basic realm=\"" + realm.getName() + "\"");
        }
        event.client(client);
        if (!KeyCheck.isGateway(client)) {
            event.detail(Details.REASON, "client not enabled as an API-key gateway").error(Errors.NOT_ALLOWED);
            return Answers.gatewayError(GatewayError.UNAUTHORIZED_CLIENT,
                    "only confidential clients with " + KeyCheck.GATEWAY_ATTRIBUTE + "=true may check API keys");
        }
        ClientAddress address;
        List<String> required;
        try {
            address = KeyCheck.clientAddress(headers, client);
            List<String> requests = new ArrayList<>(session.getContext().getUri().getQueryParameters().getOrDefault(SCOPE_PARAMETER, List.of()));
            requests.addAll(headers.getRequestHeader(SCOPE_HEADER) == null ? List.of() : headers.getRequestHeader(SCOPE_HEADER));
            required = KeyCheck.requiredScopes(requests);
        } catch (IllegalArgumentException e) {
            event.detail(Details.REASON, e.getMessage()).error(Errors.INVALID_REQUEST);
            return Answers.gatewayError(GatewayError.INVALID_REQUEST, e.getMessage());
        }
        List<String> keys = headers.getRequestHeader(ApiKeyGate.HEADER);
        String secret = keys == null || keys.isEmpty() ? null : String.join(",", keys);
        try {
            KeyCheck.Passed passed = KeyCheck.check(session, realm, event, secret, address, required);
            return passed(passed, client, !required.isEmpty());
        } catch (KeyRefusal refusal) {
            return refused(refusal.reason(), required);
        }
    }

    private Response passed(KeyCheck.Passed passed, ClientModel gateway, boolean scopesRequired) {
        long now = Time.currentTimeMillis();
        int cacheSeconds = KeyCheck.cacheSeconds(passed, scopesRequired, now);
        KeyIntrospection answer = KeyIntrospection.of(passed, gateway.getClientId(), now, cacheSeconds);
        return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, Answers.cacheControl(cacheSeconds))
                // a cache that keeps a passing answer must key it on everything the answer depends on
                .header(HttpHeaders.VARY, String.join(", ", HttpHeaders.AUTHORIZATION, ApiKeyGate.HEADER,
                        KeyCheck.addressHeader(gateway), SCOPE_HEADER))
                .header(USER_ID, headerValue(answer.sub()))
                .header(USERNAME, headerValue(answer.username()))
                .header(KEY_ID, answer.apiKeyId())
                .header(SCOPE, answer.scope())
                .header(WITHDRAWALS_BOUND, answer.withdrawalsBound().toString())
                .header(ADDRESS_BOOK_VERSION, answer.addressBookVersion().toString())
                .build();
    }

    /** Told in the reason's forward-auth vocabulary (see {@link KeyRefusal.Reason}). */
    private Response refused(KeyRefusal.Reason reason, List<String> required) {
        String challenge = SCHEME + " realm=\"" + realm.getName() + "\", error=\"" + reason.gatewayError() + "\""
                + (reason == KeyRefusal.Reason.SCOPE_NOT_ALLOWED ? ", scope=\"" + String.join(" ", required) + "\"" : "");
        return Answers.keyRefused(reason, challenge);
    }

    /** True unless the request carries {@code Authorization: Basic} naming another client than the one authenticated. */
    private static boolean namedByBasic(HttpHeaders headers, ClientModel client) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return true;
        }
        try {
            String[] named = BasicAuthHelper.RFC6749.parseHeader(authorization);
            return named != null && client.getClientId().equals(named[0]);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A user id or username as a header value: as it is when it is printable ASCII without edge spaces (Keycloak's
     * default rules keep them so), else percent-encoded UTF-8 (spaces at either end too, which a header would lose),
     * so that no character can end the header, smuggle another, or turn into another in transit.
     */
    static String headerValue(String text) {
        if (text.chars().allMatch(ForwardAuthResource::plain) && !text.startsWith(" ") && !text.endsWith(" ")) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean edgeSpace = c == ' ' && (i == 0 || i == bytes.length - 1);
            if (plain(c) && !edgeSpace) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static boolean plain(int c) {
        return c >= 0x20 && c < 0x7f && c != '%';
    }
}
