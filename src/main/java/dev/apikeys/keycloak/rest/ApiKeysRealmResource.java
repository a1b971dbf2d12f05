package dev.apikeys.keycloak.rest;

import dev.apikeys.keycloak.rest.confirmation.ConfirmationPageResource;
import dev.apikeys.keycloak.rest.gateway.ForwardAuthResource;
import dev.apikeys.keycloak.rest.selfservice.AddressesResource;
import dev.apikeys.keycloak.rest.selfservice.KeysResource;
import dev.apikeys.keycloak.rest.withdrawal.WithdrawalServiceResource;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/api-keys}: one sub-resource per audience. Each authenticates its callers in its own way and
 * answers through {@link Answers}; the paths are the README's.
 * <ul>
 *   <li>the signed-in user, from the account console or a script with an account token: their keys here and their
 *       withdrawal address book at {@code addresses};</li>
 *   <li>gateways, authenticated as their client: {@code forward-auth};</li>
 *   <li>withdrawal services, with a service account's token: {@code addresses/check} and {@code addresses/confirmed};</li>
 *   <li>whoever opens a confirmation link from a mail (the link is the credential): {@code addresses/confirm}.</li>
 * </ul>
 * The RFC 8693 exchange and the RFC 7662 introspection of keys are answered at Keycloak's own token and introspection
 * endpoints, by their providers.
 */
public final class ApiKeysRealmResource {

    private final KeycloakSession session;

    ApiKeysRealmResource(KeycloakSession session) {
        this.session = session;
    }

    /** Envoy appends the caller's path after {@code forward-auth/}; it is ignored. */
    @Path("forward-auth{tail:(/.*)?}")
    public ForwardAuthResource gateway() {
        return new ForwardAuthResource(session);
    }

    /*
     * Literal paths, longer than "addresses/confirm": Keycloak 26.4's router matches a locator's path as a prefix,
     * so a template here would send "addresses/confirmed" to the confirmation page.
     */
    @Path("addresses/" + WithdrawalServiceResource.CHECK)
    public WithdrawalServiceResource withdrawalCheck() {
        return new WithdrawalServiceResource(session, WithdrawalServiceResource.CHECK);
    }

    @Path("addresses/" + WithdrawalServiceResource.CONFIRMED)
    public WithdrawalServiceResource withdrawalBook() {
        return new WithdrawalServiceResource(session, WithdrawalServiceResource.CONFIRMED);
    }

    @Path("addresses/confirm")
    public ConfirmationPageResource confirmationPage() {
        return new ConfirmationPageResource(session);
    }

    @Path("addresses")
    public AddressesResource addressBook() {
        return new AddressesResource(session);
    }

    @Path("/")
    public KeysResource keys() {
        return new KeysResource(session);
    }
}
