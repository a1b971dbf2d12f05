package dev.apikeys.keycloak.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * Changes to one user's keys take turns: a second change waits for the first request's transaction to end, and
 * one that cannot get its turn in time is refused with {@code concurrent_change} rather than racing the limits.
 */
class UserChangeLockTest {

    private static final Duration SHORT_WAIT = Duration.ofMillis(300);

    /** Keycloak's replicated single-use store, as one map every "node" of the test shares. */
    private final Map<String, Boolean> store = new ConcurrentHashMap<>();
    private final RealmModel realm = fake(RealmModel.class, Map.of("getId", "realm-1"));
    private final UserModel alice = fake(UserModel.class, Map.of("getId", "alice"));
    private final UserModel bob = fake(UserModel.class, Map.of("getId", "bob"));

    @Test
    void theLockIsHeldUntilTheRequestsTransactionEndsEitherWay() {
        Request first = new Request();
        UserChangeLock.acquire(first.session, realm, alice);
        assertNull(UserChangeLock.tryAcquire(new Request().session, realm, alice), "held while the first request runs");

        first.commit();
        Request second = new Request();
        assertNotNull(UserChangeLock.tryAcquire(second.session, realm, alice), "free once the first request committed");

        second.rollback();
        assertNotNull(UserChangeLock.tryAcquire(new Request().session, realm, alice), "free once the second rolled back");
    }

    @Test
    void aChangeThatCannotGetItsTurnIsRefusedWithConcurrentChange() {
        UserChangeLock.acquire(new Request().session, realm, alice);

        ApiKeyException refused = assertThrows(ApiKeyException.class,
                () -> UserChangeLock.acquire(new Request().session, realm, alice, SHORT_WAIT, UserChangeLock.LEASE));

        assertEquals(ApiKeyError.CONCURRENT_CHANGE, refused.error());
        assertEquals(409, refused.error().status());
        assertEquals("concurrent_change", refused.error().code());
    }

    @Test
    void aWaitingChangeGoesAheadWhenTheFirstOneEnds() throws Exception {
        Request first = new Request();
        UserChangeLock.acquire(first.session, realm, alice);
        Request second = new Request();

        CompletableFuture<Void> waiting = CompletableFuture.runAsync(
                () -> UserChangeLock.acquire(second.session, realm, alice, Duration.ofSeconds(30), UserChangeLock.LEASE));
        assertThrows(TimeoutException.class, () -> waiting.get(SHORT_WAIT.toMillis(), TimeUnit.MILLISECONDS),
                "the second change waits while the first holds the lock");
        first.commit();

        waiting.get(30, TimeUnit.SECONDS);
        assertNull(UserChangeLock.tryAcquire(new Request().session, realm, alice), "now the second change holds it");
    }

    @Test
    void usersAndRealmsDoNotWaitForEachOther() {
        UserChangeLock.acquire(new Request().session, realm, alice);

        assertNotNull(UserChangeLock.tryAcquire(new Request().session, realm, bob));
        RealmModel otherRealm = fake(RealmModel.class, Map.of("getId", "realm-2"));
        assertNotNull(UserChangeLock.tryAcquire(new Request().session, otherRealm, alice));
    }

    @Test
    void aChangeWhoseLeaseRanOutIsNotSavedAndDoesNotFreeTheNextHoldersLock() throws InterruptedException {
        Duration lease = Duration.ofMillis(400);
        Request slow = new Request();
        UserChangeLock slowLock = UserChangeLock.acquire(slow.session, realm, alice, SHORT_WAIT, lease);
        Thread.sleep(lease.toMillis() + 50);

        ApiKeyException refused = assertThrows(ApiKeyException.class, slowLock::confirmHeld);
        assertEquals(ApiKeyError.CONCURRENT_CHANGE, refused.error());
        assertTrue(slow.rollbackOnly, "the slow change's writes are rolled back");

        store.clear(); // the store expired the slow change's lease
        Request next = new Request();
        UserChangeLock.acquire(next.session, realm, alice);
        slow.rollback();
        assertNull(UserChangeLock.tryAcquire(new Request().session, realm, alice),
                "the slow change's end leaves the next change's lock in place");
    }

    @Test
    void aChangeInsideItsLeaseIsConfirmed() {
        Request request = new Request();
        UserChangeLock.acquire(request.session, realm, alice).confirmHeld();
        assertFalse(request.rollbackOnly);
    }

    /** One HTTP request: its session, with Keycloak's after-completion hooks run when the test ends it. */
    private final class Request {

        private final List<KeycloakTransaction> afterCompletion = new ArrayList<>();
        private final KeycloakSession session;
        private boolean rollbackOnly;

        Request() {
            SingleUseObjectProvider singleUse = (SingleUseObjectProvider) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {SingleUseObjectProvider.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "putIfAbsent" -> store.putIfAbsent((String) args[0], Boolean.TRUE) == null;
                        case "remove" -> store.remove((String) args[0]) == null ? null : Map.of();
                        case "contains" -> store.containsKey((String) args[0]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            KeycloakTransactionManager transactions = (KeycloakTransactionManager) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {KeycloakTransactionManager.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("enlistAfterCompletion")) {
                            afterCompletion.add((KeycloakTransaction) args[0]);
                            return null;
                        }
                        if (method.getName().equals("setRollbackOnly")) {
                            rollbackOnly = true;
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            session = fake(KeycloakSession.class, Map.of("singleUseObjects", singleUse, "getTransactionManager", transactions));
        }

        void commit() {
            afterCompletion.forEach(transaction -> {
                transaction.begin();
                transaction.commit();
            });
        }

        void rollback() {
            afterCompletion.forEach(transaction -> {
                transaction.begin();
                transaction.rollback();
            });
        }
    }

    /** An implementation of {@code type} that answers the named no-argument methods and nothing else. */
    private static <T> T fake(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(UserChangeLockTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (answers.containsKey(method.getName())) {
                        return answers.get(method.getName());
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
                }));
    }
}
