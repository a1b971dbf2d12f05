package dev.apikeys.keycloak.rest.selfservice;

import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** What the keys and the address book share: the request's realm, how a call runs, and the CORS preflight. */
abstract class SelfServiceResource {

    protected final KeycloakSession session;
    protected final RealmModel realm;
    protected final SelfServiceCalls calls;

    SelfServiceResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.calls = new SelfServiceCalls(session, realm);
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return calls.preflight();
    }
}
