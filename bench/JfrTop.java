import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of a run of one kind of request: where the CPU goes (jdk.ExecutionSample) and where
 * request threads wait in native code, mostly socket reads from the database (jdk.NativeMethodSample). Request
 * threads are those in the token endpoint, the introspection endpoint or forward-auth.
 *
 * <pre>
 * java JfrTop.java RECORDING.jfr [REQUESTS]
 * </pre>
 * With REQUESTS (how many requests the recording covers), also prints samples per 100 requests: a cost per
 * request that can be compared between recordings of different kinds of request.
 * Prints, per event type: top methods by self samples; our own frames (dev.apikeys) and a few Keycloak frames by
 * inclusive samples (a method counted once per stack); and the share of samples under named parts of the path.
 */
public final class JfrTop {

    private static final int TOP = 25;

    /** Parts of the request path, each a predicate on a stack's frames: a sample counts when any frame matches. */
    private static final Map<String, Predicate<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("token endpoint, all grants (TokenEndpoint.processGrantRequest)", f -> f.startsWith("org.keycloak.protocol.oidc.endpoints.TokenEndpoint.processGrantRequest"));
        PARTS.put("our exchange provider (ApiKeyTokenExchangeProvider.exchange)", f -> f.startsWith("dev.apikeys.keycloak.exchange.ApiKeyTokenExchangeProvider.exchange"));
        PARTS.put("  key checks (ApiKeyGate.admit)", f -> f.startsWith("dev.apikeys.keycloak.keyuse.ApiKeyGate.admit"));
        PARTS.put("    secret parsing (ApiKeySecret.parse)", f -> f.startsWith("dev.apikeys.keycloak.credential.ApiKeySecret.parse"));
        PARTS.put("      base62 decoding (Base62.decode)", f -> f.startsWith("dev.apikeys.keycloak.credential.Base62.decode"));
        PARTS.put("    user + credential lookup (ApiKeyCredentialProvider.find)", f -> f.startsWith("dev.apikeys.keycloak.credential.ApiKeyCredentialProvider.find"));
        PARTS.put("    credential JSON parsing (ApiKeyCredentialModel.createFromCredentialModel)", f -> f.startsWith("dev.apikeys.keycloak.credential.ApiKeyCredentialModel.createFromCredentialModel"));
        PARTS.put("    throttle check (FailureThrottle.isThrottled)", f -> f.startsWith("dev.apikeys.keycloak.keyuse.FailureThrottle"));
        PARTS.put("    hash comparison (ApiKeyCredentialProvider.matches)", f -> f.startsWith("dev.apikeys.keycloak.credential.ApiKeyCredentialProvider.matches"));
        PARTS.put("  token building (ApiKeyTokenExchangeProvider.issue)", f -> f.startsWith("dev.apikeys.keycloak.exchange.ApiKeyTokenExchangeProvider.issue"));
        PARTS.put("    realm policy (RealmPolicyStore.read)", f -> f.startsWith("dev.apikeys.keycloak.policy.RealmPolicyStore.read"));
        PARTS.put("  last use (LastUse.record)", f -> f.startsWith("dev.apikeys.keycloak.keyuse.LastUse.record"));
        PARTS.put("    last-use write to the credential (LastUse.persist)", f -> f.startsWith("dev.apikeys.keycloak.keyuse.LastUse.persist"));
        PARTS.put("password grant / direct grant (ResourceOwnerPasswordCredentialsGrantType.process)", f -> f.startsWith("org.keycloak.protocol.oidc.grants.ResourceOwnerPasswordCredentialsGrantType.process"));
        PARTS.put("  authentication flow (AuthenticationProcessor.authenticateOnly)", f -> f.startsWith("org.keycloak.authentication.AuthenticationProcessor.authenticateOnly"));
        PARTS.put("    our direct-grant authenticator (ApiKeyAuthenticator.authenticate)", f -> f.startsWith("dev.apikeys.keycloak.exchange.ApiKeyAuthenticator.authenticate"));
        PARTS.put("      claims-mapper check (ApiKeyAuthenticator.hasClaimsMapper)", f -> f.startsWith("dev.apikeys.keycloak.exchange.ApiKeyAuthenticator.hasClaimsMapper"));
        PARTS.put("  required-action triggers, every enabled action (AuthenticationManager.evaluateRequiredActionTriggers)", f -> f.startsWith("org.keycloak.services.managers.AuthenticationManager.evaluateRequiredActionTriggers"));
        PARTS.put("    user-profile validation (VerifyUserProfile.evaluateTriggers)", f -> f.startsWith("org.keycloak.authentication.requiredactions.VerifyUserProfile.evaluateTriggers"));
        PARTS.put("    WebAuthn policy set-up (WebAuthnRegisterFactory.create)", f -> f.startsWith("org.keycloak.authentication.requiredactions.WebAuthnRegisterFactory.create"));
        PARTS.put("forward-auth (ForwardAuth.check)", f -> f.startsWith("dev.apikeys.keycloak.gateway.ForwardAuth.check"));
        PARTS.put("  gateway client authentication (KeycloakInternals.authenticateClient)", f -> f.startsWith("dev.apikeys.keycloak.seam.KeycloakInternals.authenticateClient"));
        PARTS.put("  key check, both gateway entry points (KeyCheck.check)", f -> f.startsWith("dev.apikeys.keycloak.gateway.KeyCheck.check"));
        PARTS.put("  answer headers and body (ForwardAuth.passed)", f -> f.startsWith("dev.apikeys.keycloak.gateway.ForwardAuth.passed"));
        PARTS.put("introspection endpoint (TokenIntrospectionEndpoint.introspect)", f -> f.startsWith("org.keycloak.protocol.oidc.endpoints.TokenIntrospectionEndpoint"));
        PARTS.put("events sent to the listeners (EventBuilder.send)", f -> f.startsWith("org.keycloak.events.EventBuilder.send"));
        PARTS.put("client_credentials grant (ClientCredentialsGrantType.process)", f -> f.startsWith("org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType.process"));
        PARTS.put("user cache miss: user loaded from JPA (JpaUserProvider.getUserById)", f -> f.startsWith("org.keycloak.models.jpa.JpaUserProvider.getUserById"));
        PARTS.put("credentials loaded from JPA (JpaUserCredentialStore)", f -> f.startsWith("org.keycloak.models.jpa.JpaUserCredentialStore"));
        PARTS.put("user attributes, groups, role mappings loaded on first use (DefaultLazyLoader.get)", f -> f.startsWith("org.keycloak.models.cache.infinispan.DefaultLazyLoader.get"));
        PARTS.put("client-session lookup in the session store (JpaUserSessionPersisterProvider.loadClientSession)", f -> f.startsWith("org.keycloak.models.jpa.session.JpaUserSessionPersisterProvider.loadClientSession"));
        PARTS.put("JDBC (org.postgresql / io.agroal / org.h2)", f -> f.startsWith("org.postgresql.") || f.startsWith("io.agroal.") || f.startsWith("org.h2."));
        PARTS.put("Hibernate (org.hibernate)", f -> f.startsWith("org.hibernate."));
        PARTS.put("transaction commit (JtaTransactionWrapper.commit / narayana)", f -> f.startsWith("org.keycloak.transaction.JtaTransactionWrapper.commit") || f.startsWith("com.arjuna."));
        PARTS.put("token signing (JWSBuilder / java.security.Signature)", f -> f.startsWith("org.keycloak.jose.jws.JWSBuilder") || f.startsWith("java.security.Signature."));
        PARTS.put("client authentication (ClientAuthenticationFlow)", f -> f.startsWith("org.keycloak.authentication.ClientAuthenticationFlow"));
        PARTS.put("user cache (UserCacheSession)", f -> f.startsWith("org.keycloak.models.cache.infinispan.UserCacheSession"));
        PARTS.put("single-use store (InfinispanSingleUseObjectProvider)", f -> f.contains("SingleUseObjectProvider."));
    }

    public static void main(String[] args) throws Exception {
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        long requests = args.length > 1 ? Long.parseLong(args[1]) : 0;
        for (String type : List.of("jdk.ExecutionSample", "jdk.NativeMethodSample")) {
            report(type, events.stream().filter(e -> e.getEventType().getName().equals(type)).toList(), requests);
        }
    }

    private static void report(String type, List<RecordedEvent> samples, long requests) {
        Map<String, Integer> self = new LinkedHashMap<>();
        Map<String, Integer> ours = new LinkedHashMap<>();
        Map<String, Integer> parts = new LinkedHashMap<>();
        int total = 0;
        for (RecordedEvent sample : samples) {
            RecordedStackTrace stack = sample.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<String> frames = stack.getFrames().stream().map(JfrTop::name).toList();
            // only request threads: the part of the recording that serves HTTP requests
            if (frames.stream().noneMatch(JfrTop::isRequest)) {
                continue;
            }
            total++;
            self.merge(frames.get(0), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (String frame : frames) {
                if (frame.startsWith("dev.apikeys.") && seen.add(frame)) {
                    ours.merge(frame, 1, Integer::sum);
                }
            }
            for (Map.Entry<String, Predicate<String>> part : PARTS.entrySet()) {
                if (frames.stream().anyMatch(part.getValue())) {
                    parts.merge(part.getKey(), 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n== %s: %d samples in request threads%s ==%n", type, total,
                requests > 0 ? String.format(Locale.ROOT, ", %.1f per 100 requests", 100.0 * total / requests) : "");
        if (total == 0) {
            return;
        }
        System.out.println("-- share of samples under each part of the path (inclusive) --");
        for (String part : PARTS.keySet()) {
            System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * parts.getOrDefault(part, 0) / total, part);
        }
        System.out.println("-- top methods, self --");
        print(self, total);
        System.out.println("-- dev.apikeys methods, inclusive --");
        print(ours, total);
    }

    /** A frame of the request path: the token endpoint (a..e), forward-auth (f) or the introspection endpoint (g). */
    private static boolean isRequest(String frame) {
        return frame.startsWith("org.keycloak.protocol.oidc.endpoints.TokenEndpoint")
                || frame.startsWith("org.keycloak.protocol.oidc.endpoints.TokenIntrospectionEndpoint")
                || frame.startsWith("dev.apikeys.keycloak.gateway.");
    }

    private static void print(Map<String, Integer> counts, int total) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method.getType().getName() + "." + method.getName();
    }
}
