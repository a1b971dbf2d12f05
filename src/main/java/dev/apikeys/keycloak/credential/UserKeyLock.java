package dev.apikeys.keycloak.credential;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.apikeys.keycloak.error.ApiKeyError;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * Serializes changes to one user's keys across the cluster, so that limits and label uniqueness hold under
 * concurrent requests. The lock is an entry in Keycloak's single-use-object store (replicated to every node);
 * it is released after the request's transaction has committed or rolled back, and expires on its own
 * should a node die while holding it.
 */
final class UserKeyLock {

    private static final long LEASE_SECONDS = 30;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long MAX_PAUSE_MILLIS = 100;

    private UserKeyLock() {
    }

    static void acquire(KeycloakSession session, RealmModel realm, UserModel user) {
        acquire(session, realm, user, WAIT);
    }

    /** Waits at most {@code wait} for the lock, then refuses the change with {@code concurrent_change}. */
    static void acquire(KeycloakSession session, RealmModel realm, UserModel user, Duration wait) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = key(realm, user);
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 5;
        while (!store.putIfAbsent(key, LEASE_SECONDS)) {
            if (System.nanoTime() > deadline) {
                throw ApiKeyError.CONCURRENT_CHANGE.exception("another change to this user's API keys is in progress; try again");
            }
            try {
                Thread.sleep(pause + ThreadLocalRandom.current().nextLong(pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiKeyError.CONCURRENT_CHANGE.exception("interrupted while waiting for another change to finish");
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
        releaseAfterTransaction(session, store, key);
    }

    /** Takes the lock only if it is free at once; for work that may simply be skipped. */
    static boolean tryAcquire(KeycloakSession session, RealmModel realm, UserModel user) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = key(realm, user);
        if (!store.putIfAbsent(key, LEASE_SECONDS)) {
            return false;
        }
        releaseAfterTransaction(session, store, key);
        return true;
    }

    private static String key(RealmModel realm, UserModel user) {
        return "api-keys.lock." + realm.getId() + "." + user.getId();
    }

    private static void releaseAfterTransaction(KeycloakSession session, SingleUseObjectProvider store, String key) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                store.remove(key);
            }

            @Override
            protected void rollbackImpl() {
                store.remove(key);
            }
        });
    }
}
