package dev.apikeys.keycloak.credential;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Test servers only (its own jar, {@code *-it-probe.jar}, never the product's): holds a user's key lock the way a
 * slow change on another node would, so that tests can watch a change wait for it and give up with
 * {@code concurrent_change}. {@code POST /realms/{realm}/it-lock-probe/{userId}?seconds=N} takes the lock for N
 * seconds; 409 when it is taken already.
 */
public final class LockProbe implements RealmResourceProviderFactory {

    static final String ID = "it-lock-probe";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new Resource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    public static final class Resource {

        private final KeycloakSession session;

        Resource(KeycloakSession session) {
            this.session = session;
        }

        @POST
        @Path("{userId}")
        public Response hold(@PathParam("userId") String userId, @QueryParam("seconds") int seconds) {
            RealmModel realm = session.getContext().getRealm();
            UserModel user = session.users().getUserById(realm, userId);
            if (user == null || seconds <= 0) {
                return answer(Response.Status.BAD_REQUEST, "no such user, or no seconds");
            }
            boolean taken = session.singleUseObjects().putIfAbsent(UserKeyLock.key(realm, user), seconds);
            return taken ? Response.noContent().build() : answer(Response.Status.CONFLICT, "the lock is held already");
        }

        /** Keycloak answers 500 for an error without a media type. */
        private static Response answer(Response.Status status, String message) {
            return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE).entity(message).build();
        }
    }
}
