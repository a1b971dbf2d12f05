package dev.apikeys.keycloak.seam;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.AccountRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * Every call into Keycloak's internal classes and private SPIs, in one place, so that an upgrade touches only this
 * file. The jar is compiled against the oldest supported Keycloak (26.4.7) and runs on 26.4 to 26.7; where a later
 * version renamed or replaced a method, the method is looked up once here and called through a handle. Each method
 * says why it is here.
 */
public final class KeycloakInternals {

    private static final Logger LOG = Logger.getLogger(KeycloakInternals.class);
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();
    /** Cors.allowedOrigins(AccessToken) in 26.4 and 26.5 was renamed checkAllowedOrigins(AccessToken) in 26.7. */
    private static final MethodHandle CORS_ORIGINS_OF_TOKEN = firstOf(Cors.class,
            MethodType.methodType(Cors.class, AccessToken.class), "checkAllowedOrigins", "allowedOrigins");
    /** BruteForceProtector.failedLogin gained a set of authenticator categories in 26.7 (and lost the old form). */
    private static final MethodHandle FAILED_LOGIN_WITH_CATEGORIES = optional(BruteForceProtector.class, "failedLogin",
            MethodType.methodType(void.class, RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class, Set.class));

    /** Private constants of Keycloak: its own clients, the account client's manage role, the scope note. */
    public static final String ACCOUNT_CLIENT_ID = Constants.ACCOUNT_MANAGEMENT_CLIENT_ID;
    public static final List<String> KEYCLOAK_CLIENT_IDS = List.of(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID,
            Constants.REALM_MANAGEMENT_CLIENT_ID, Constants.BROKER_SERVICE_CLIENT_ID);
    public static final String MANAGE_ACCOUNT_ROLE = AccountRoles.MANAGE_ACCOUNT;
    /** The authentication-session client note that holds the scope a login asked for. */
    public static final String SCOPE_NOTE = OIDCLoginProtocol.SCOPE_PARAM;

    private KeycloakInternals() {
    }

    /** The caller behind a request's bearer token, as Keycloak's account REST API authenticates it. */
    public record Bearer(UserModel user, UserSessionModel session, AccessToken token, ClientModel client) {
    }

    /**
     * AppAuthManager is how Keycloak's own account API checks a bearer token (signature, type Bearer/DPoP,
     * revocation, session, enabled user and client); its AuthResult became a record in 26.5, whose get-accessors
     * remain.
     *
     * @return null when the request has no valid bearer token
     */
    @SuppressWarnings("deprecation")
    public static Bearer authenticateBearer(KeycloakSession session) {
        AuthResult result;
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        } catch (WebApplicationException e) {
            // an Authorization header that is not one bearer token (Basic, "Bearer a b", sent twice): Keycloak throws
            // its own bare 401, which would bypass the caller's error vocabulary
            return null;
        }
        return result == null ? null : new Bearer(result.getUser(), result.getSession(), result.getToken(), result.getClient());
    }

    /**
     * AuthorizeClientUtil runs the realm's client-authentication flow, as Keycloak's token and introspection
     * endpoints do, so a gateway authenticates with whatever its client is set up for (secret in Basic, signed JWT,
     * X.509 certificate). Failures are recorded on the event.
     *
     * @return the authenticated client, or null when the request did not authenticate one
     */
    public static ClientModel authenticateClient(KeycloakSession session, EventBuilder event) {
        try {
            return AuthorizeClientUtil.authorizeClient(session, event, null).getClient();
        } catch (WebApplicationException e) {
            return null;
        }
    }

    /**
     * Lightweight access tokens carry no audience or roles; Keycloak's account API rebuilds them with the
     * introspection mappers, and so must a check that reads them.
     */
    public static AccessToken withClaimsRebuilt(KeycloakSession session, AccessToken token, UserSessionModel userSession) {
        AccessTokenIntrospectionProvider introspection = (AccessTokenIntrospectionProvider) session.getProvider(
                TokenIntrospectionProvider.class, AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE);
        return introspection.transformAccessToken(token, userSession);
    }

    /** CORS for an authenticated call: the token's allowed web origins (the method's name changed in 26.7). */
    public static void corsForToken(String[] methods, AccessToken token) {
        Cors cors = Cors.builder().auth().allowedMethods(methods);
        invoke(CORS_ORIGINS_OF_TOKEN, cors, token);
        cors.add();
    }

    /**
     * Counts a wrong step-up code with the realm's brute-force protector like a wrong OTP at login; 26.7 asks for
     * the authenticator categories the failure belongs to.
     */
    public static void countFailedOtp(KeycloakSession session, RealmModel realm, UserModel user, String otpCategory) {
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        ClientConnection connection = session.getContext().getConnection();
        UriInfo uri = session.getContext().getUri();
        if (FAILED_LOGIN_WITH_CATEGORIES != null) {
            invoke(FAILED_LOGIN_WITH_CATEGORIES, protector, realm, user, connection, uri, Set.of(otpCategory));
        } else {
            protector.failedLogin(realm, user, connection, uri);
        }
    }

    /** Whether the realm's brute-force protection has locked the user now. */
    public static boolean isLockedOut(KeycloakSession session, RealmModel realm, UserModel user) {
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return realm.isBruteForceProtected() && (protector.isTemporarilyDisabled(session, realm, user)
                || protector.isPermanentlyLockedOut(session, realm, user));
    }

    /**
     * The token of an exchanged key, built as Keycloak's own grants build tokens: a transient user session (a key has
     * no session of its own) with an authentication session attached (AuthenticationSessionManager,
     * UserSessionManager, the realm's issuer from Urls), then TokenManager, which the exchange context hands out as an
     * Object. The three-argument attachAuthenticationSession is the one every supported version has; the grant type
     * goes into the client session so that the token's {@code jti} names it.
     *
     * @param shape changes the access token before it is signed
     */
    public static AccessTokenResponse accessTokenInTransientSession(TokenExchangeContext context, UserModel user,
                                                                    String scope, String authMethod, String grantType,
                                                                    Consumer<AccessToken> shape) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        RootAuthenticationSessionModel root = new AuthenticationSessionManager(session).createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = root.createAuthenticationSession(context.getClient());
        authSession.setAuthenticatedUser(user);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);
        UserSessionModel userSession = new UserSessionManager(session).createUserSession(root.getId(), realm, user,
                user.getUsername(), context.getClientConnection().getRemoteAddr(), authMethod, false, null, null,
                UserSessionModel.SessionPersistenceState.TRANSIENT);

        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession, authSession);
        clientSessionCtx.setAttribute(Constants.GRANT_TYPE, grantType);
        TokenManager tokenManager = (TokenManager) context.getTokenManager();
        TokenManager.AccessTokenResponseBuilder builder = tokenManager.responseBuilder(realm, context.getClient(),
                context.getEvent(), session, userSession, clientSessionCtx).generateAccessToken();
        shape.accept(builder.getAccessToken());
        AccessTokenResponse response = builder.build();
        response.setScope(builder.getAccessToken().getScope());
        return response;
    }

    /** A refused exchange, answered as the token endpoint answers errors: OAuth2 JSON, HTTP 400, with CORS. */
    public static RuntimeException exchangeRefusal(TokenExchangeContext context, String error, String description) {
        return new CorsErrorResponseException(context.getCors(), error, description, Response.Status.BAD_REQUEST);
    }

    /** The note AuthenticationManager reads to make the user session of a login transient. */
    public static void makeLoginSessionTransient(AuthenticationSessionModel authSession) {
        authSession.setClientNote(AuthenticationManager.USER_SESSION_PERSISTENT_STATE,
                UserSessionModel.SessionPersistenceState.TRANSIENT.name());
    }

    /** Keycloak's CORS preflight answer; the type of its default allowed-headers constant changed in 26.5. */
    public static void corsPreflight(KeycloakSession session, String[] methods, String allowedHeaders) {
        Cors.builder().auth().allowedMethods(methods).preflight().add();
        session.getContext().getHttpResponse().setHeader(Cors.ACCESS_CONTROL_ALLOW_HEADERS, allowedHeaders);
    }

    /** KeycloakModelUtils runs work in a session and transaction of its own, committed whatever the request does. */
    public static void runInOwnTransaction(KeycloakSession session, Consumer<KeycloakSession> work) {
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(), work::accept);
    }

    /** Client settings Keycloak keeps in its OIDC configuration wrapper. */
    public record OidcClientSettings(boolean dpopRequired, boolean certificateBoundTokens, boolean refreshTokens) {
    }

    public static OidcClientSettings oidcSettings(ClientModel client) {
        OIDCAdvancedConfigWrapper config = OIDCAdvancedConfigWrapper.fromClientModel(client);
        return new OidcClientSettings(config.isUseDPoP(), config.isUseMtlsHokToken(), config.isUseRefreshToken());
    }

    /**
     * EventBuilder hands an event to the event store and to every listener at once, with no way to leave the store
     * out. A refusal the store already holds (see StoredRefusals) goes to the listeners alone, chosen as EventBuilder
     * chooses them (the realm's listeners and the global ones, such as the event metrics) and, as EventBuilder sends
     * errors, in a transaction of its own so that the request's rollback does not take it back.
     */
    public static void sendToListenersOnly(KeycloakSession session, RealmModel realm, Event event) {
        event.setTime(Time.currentTimeMillis());
        event.setId(UUID.randomUUID().toString());
        Set<String> realmListeners = realm.getEventsListenersStream().collect(Collectors.toSet());
        runInOwnTransaction(session, inner ->
                inner.getKeycloakSessionFactory().getProviderFactoriesStream(EventListenerProvider.class)
                        .filter(factory -> realmListeners.contains(factory.getId())
                                || ((EventListenerProviderFactory) factory).isGlobal())
                        .map(factory -> inner.getProvider(EventListenerProvider.class, factory.getId()))
                        .forEach(listener -> {
                            try {
                                listener.onEvent(event);
                            } catch (RuntimeException e) {
                                LOG.warnf(e, "event listener %s failed", listener.getClass().getName());
                            }
                        }));
    }

    private static MethodHandle firstOf(Class<?> type, MethodType signature, String... names) {
        for (String name : names) {
            MethodHandle found = optional(type, name, signature);
            if (found != null) {
                return found;
            }
        }
        throw new IllegalStateException("this Keycloak has none of " + String.join(", ", names) + " on " + type.getName());
    }

    private static MethodHandle optional(Class<?> type, String name, MethodType signature) {
        try {
            return LOOKUP.findVirtual(type, name, signature);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    private static void invoke(MethodHandle handle, Object... arguments) {
        try {
            handle.invokeWithArguments(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
