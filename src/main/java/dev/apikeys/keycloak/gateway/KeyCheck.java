package dev.apikeys.keycloak.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.apikeys.keycloak.address.AddressBookClaim;
import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.ip.ClientAddress;
import dev.apikeys.keycloak.keyuse.ApiKeyGate;
import dev.apikeys.keycloak.keyuse.ApiKeyTokenClaims;
import dev.apikeys.keycloak.keyuse.KeyRefusal;
import dev.apikeys.keycloak.keyuse.LastUse;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.RealmPolicyStore;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What both gateway entry points (forward-auth and RFC 7662 introspection) share: which clients are gateways, how
 * they name the caller's address, and the check itself, which is {@link ApiKeyGate}, the exchange's own path. A
 * check signs nothing and writes nothing to the database: its event is sent to the listeners (Keycloak's event
 * metrics count it) but {@code INTROSPECT_TOKEN} is not stored unless an administrator asks for it, and the last
 * use goes to the replicated single-use store as for every use.
 */
public final class KeyCheck {

    /** The client attribute that makes a confidential client a gateway. */
    public static final String GATEWAY_ATTRIBUTE = "api-keys.gateway.enabled";
    public static final String ADDRESS_HEADER = "X-Client-Address";
    /** The client attribute naming another header that carries the caller's address. */
    public static final String ADDRESS_HEADER_ATTRIBUTE = "api-keys.gateway.address-header";
    private static final Set<String> NOT_ADDRESS_HEADERS = Set.of("x-forwarded-for", "forwarded", "authorization",
            "x-api-key", "host", "cookie", "x-required-scope", "content-type", "content-length");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** Names the entry point on the event: {@code forward-auth} or {@code introspection}. */
    public static final String CHECK_DETAIL = "api_key_check";
    private static final int MAX_REQUIRED_SCOPE_LENGTH = 1024;

    private KeyCheck() {
    }

    /** A key that passed, with the policy the check read and the owner's address-book binding. */
    public record Passed(ApiKeyGate.Admission admission, ApiKeyPolicy policy, AddressBookClaim.Binding binding) {
    }

    public static boolean isGateway(ClientModel client) {
        return client != null && client.isEnabled() && !client.isPublicClient() && !client.isBearerOnly()
                && Boolean.parseBoolean(client.getAttribute(GATEWAY_ATTRIBUTE));
    }

    /**
     * The caller's address as the gateway saw it, from {@value #ADDRESS_HEADER} or the header the gateway client's
     * attribute {@value #ADDRESS_HEADER_ATTRIBUTE} names (Traefik passes its {@code X-Real-Ip}). Trusted only because
     * only gateways get this far. {@code X-Forwarded-For} and {@code Forwarded} are never read, even when named: their
     * leftmost entry is whatever the caller wrote.
     *
     * @return an unknown address when the gateway did not send one: keys with an allow-list then never pass
     * @throws IllegalArgumentException when the header is sent more than once or is not one IP address
     */
    public static ClientAddress clientAddress(HttpHeaders headers, ClientModel gateway) {
        String name = addressHeader(gateway);
        List<String> values = headers.getRequestHeader(name);
        if (values == null || values.isEmpty()) {
            return ClientAddress.of(null);
        }
        ClientAddress address = ClientAddress.of(values.get(0).strip());
        if (values.size() > 1 || !address.isLiteral()) {
            throw new IllegalArgumentException(name + " must be one IPv4 or IPv6 address, sent once");
        }
        return address;
    }

    /**
     * The header named by the client's attribute when it is a plain header name that says nothing else already
     * (not the key, the gateway's credentials, the host, cookies or a forwarding list); {@value #ADDRESS_HEADER}
     * otherwise.
     */
    public static String addressHeader(ClientModel gateway) {
        String named = gateway.getAttribute(ADDRESS_HEADER_ATTRIBUTE);
        if (named == null || !HEADER_NAME.matcher(named.strip()).matches()
                || NOT_ADDRESS_HEADERS.contains(named.strip().toLowerCase(Locale.ROOT))) {
            return ADDRESS_HEADER;
        }
        return named.strip();
    }

    /** How long a gateway may keep this passing answer ({@link dev.apikeys.keycloak.policy.GatewayPolicy#answerCacheSeconds}). */
    public static int cacheSeconds(Passed passed, boolean scopesRequired, long nowMillis) {
        var key = passed.admission().key().data();
        return passed.policy().gateway().answerCacheSeconds(!key.ipAllowList().isEmpty(), scopesRequired, key.expiresAt(), nowMillis);
    }

    /**
     * @param requests space-separated scope lists, each may be null
     * @throws IllegalArgumentException when they are too long to be scope names
     */
    public static List<String> requiredScopes(Collection<String> requests) {
        List<String> required = new ArrayList<>();
        int length = 0;
        for (String request : requests) {
            if (request == null || request.isBlank()) {
                continue;
            }
            length += request.length();
            if (length > MAX_REQUIRED_SCOPE_LENGTH) {
                throw new IllegalArgumentException("the required scopes are longer than " + MAX_REQUIRED_SCOPE_LENGTH + " characters");
            }
            for (String scope : ApiKeyTokenClaims.split(request)) {
                if (!ApiKeyPolicy.isScopeName(scope)) {
                    throw new IllegalArgumentException("a required scope is not a scope name");
                }
                if (!required.contains(scope)) {
                    required.add(scope);
                }
            }
        }
        return required;
    }

    /**
     * @param secret   the presented secret, or null
     * @param address  the caller's address (possibly unknown); the event names it rather than the gateway's
     * @param required scopes the request needs; empty for none
     * @throws KeyRefusal recorded on the event
     */
    public static Passed check(KeycloakSession session, RealmModel realm, EventBuilder event, String secret,
                               ClientAddress address, List<String> required) {
        if (address.text() != null) {
            event.ipAddress(address.text());
        }
        ApiKeyPolicy policy = RealmPolicyStore.read(realm);
        ApiKeyGate.Admission admission;
        try {
            admission = new ApiKeyGate(session, realm, policy).admit(secret, address, required);
        } catch (KeyRefusal refusal) {
            refusal.record(session, event, address);
            throw refusal;
        }
        event.user(admission.user()).detail(ApiKeyCredentialModel.TOKEN_CLAIM, admission.key().getId())
                .detail(Details.SCOPE, ApiKeyTokenClaims.join(admission.inForce())).success();
        LastUse.record(session, realm, admission.user(), admission.key(), address.text());
        return new Passed(admission, policy, AddressBookClaim.binding(policy.addressBook().alwaysBound(), admission.user()));
    }
}
