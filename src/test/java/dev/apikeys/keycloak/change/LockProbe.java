package dev.apikeys.keycloak.change;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
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
 * Test servers only (its own jar, {@code target/it/lock-probe.jar}, which the test harness writes just before it
 * starts them; never the product's, never made by the build): holds a user's key lock the way a slow change on another node would, so that tests can watch a change wait
 * for it and give up with {@code concurrent_change}. {@code POST /realms/{realm}/it-lock-probe/{userId}?seconds=N}
 * with the run's secret in {@value #SECRET_HEADER} takes the lock for N seconds (1 to {@value #MAX_SECONDS}); 409
 * when it is taken already. Even a test-only endpoint gives a stranger nothing: without the secret (set through
 * {@code KC_SPI_REALM_RESTAPI_EXTENSION__IT_LOCK_PROBE__SECRET}, unset means every request is refused) every request
 * answers Keycloak's own 404, whatever user it names.
 */
public final class LockProbe implements RealmResourceProviderFactory {

    static final String ID = "it-lock-probe";
    static final String SECRET_HEADER = "X-Lock-Probe-Secret";
    static final int MAX_SECONDS = 60;

    private byte[] secret;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new Resource(session, secret);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        String configured = config.get("secret");
        secret = configured == null || configured.isBlank() ? null : configured.getBytes(StandardCharsets.UTF_8);
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
        private final byte[] secret;

        Resource(KeycloakSession session, byte[] secret) {
            this.session = session;
            this.secret = secret;
        }

        @POST
        @Path("{userId}")
        public Response hold(@PathParam("userId") String userId, @QueryParam("seconds") int seconds,
                             @HeaderParam(SECRET_HEADER) String presented) {
            if (secret == null || presented == null
                    || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
                throw new NotFoundException();
            }
            if (seconds <= 0 || seconds > MAX_SECONDS) {
                return answer(Response.Status.BAD_REQUEST, "seconds must be 1 to " + MAX_SECONDS);
            }
            RealmModel realm = session.getContext().getRealm();
            UserModel user = session.users().getUserById(realm, userId);
            if (user == null) {
                return answer(Response.Status.BAD_REQUEST, "no such user");
            }
            boolean taken = session.singleUseObjects().putIfAbsent(UserChangeLock.key(realm, user), seconds);
            return taken ? Response.noContent().build() : answer(Response.Status.CONFLICT, "the lock is held already");
        }

        /** Keycloak answers 500 for an error without a media type. */
        private static Response answer(Response.Status status, String message) {
            return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE).entity(message).build();
        }
    }
}
