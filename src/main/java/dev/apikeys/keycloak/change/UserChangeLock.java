package dev.apikeys.keycloak.change;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.apikeys.keycloak.error.ApiKeyError;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * Serializes changes to one user's keys (and address book) across the cluster, so that limits and label uniqueness hold under
 * concurrent requests. The lock is an entry in Keycloak's single-use-object store (replicated to every node) with
 * a lease of {@link #LEASE}, so it frees itself should a node die while holding it.
 *
 * <p>The store has no compare-and-remove, so the lease is what keeps two holders apart: a change must confirm,
 * after its writes, that it is still well inside its lease ({@link #confirmHeld}), otherwise its transaction is
 * rolled back and the change refused; and the lock is released after the transaction only while the lease has
 * not run out, so a late request never removes the lock a later change took after the lease ended.
 */
public final class UserChangeLock {

    static final Duration LEASE = Duration.ofSeconds(60);
    /** The part of the lease kept for a change's commit after {@link #confirmHeld}: a quarter, 15 s of 60. */
    private static final int COMMIT_MARGIN_DIVISOR = 4;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long MAX_PAUSE_MILLIS = 100;

    private final KeycloakSession session;
    private final long acquiredAt;
    private final Duration lease;

    private UserChangeLock(KeycloakSession session, Duration lease) {
        this.session = session;
        this.acquiredAt = System.nanoTime();
        this.lease = lease;
    }

    public static UserChangeLock acquire(KeycloakSession session, RealmModel realm, UserModel user) {
        return acquire(session, realm, user, WAIT, LEASE);
    }

    /** Waits at most {@code wait} for the lock, then refuses the change with {@code concurrent_change}. */
    static UserChangeLock acquire(KeycloakSession session, RealmModel realm, UserModel user, Duration wait, Duration lease) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = key(realm, user);
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 5;
        while (!store.putIfAbsent(key, lease.toSeconds())) {
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
        return held(session, store, key, lease);
    }

    /** Takes the lock only if it is free at once; for work that may simply be skipped. Null when it is not free. */
    public static UserChangeLock tryAcquire(KeycloakSession session, RealmModel realm, UserModel user) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = key(realm, user);
        if (!store.putIfAbsent(key, LEASE.toSeconds())) {
            return null;
        }
        return held(session, store, key, LEASE);
    }

    /**
     * Call after the change's writes: refuses the change (and rolls its transaction back) when the lease is so far
     * gone that another change may take the lock before this one commits.
     */
    public void confirmHeld() {
        if (elapsed().compareTo(lease.minus(lease.dividedBy(COMMIT_MARGIN_DIVISOR))) >= 0) {
            session.getTransactionManager().setRollbackOnly();
            throw ApiKeyError.CONCURRENT_CHANGE.exception("this change took too long and was not saved; try again");
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - acquiredAt);
    }

    /** The lock's entry in the single-use-object store. */
    static String key(RealmModel realm, UserModel user) {
        return "api-keys.lock." + realm.getId() + "." + user.getId();
    }

    private static UserChangeLock held(KeycloakSession session, SingleUseObjectProvider store, String key, Duration lease) {
        UserChangeLock lock = new UserChangeLock(session, lease);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                lock.release(store, key);
            }

            @Override
            protected void rollbackImpl() {
                lock.release(store, key);
            }
        });
        return lock;
    }

    private void release(SingleUseObjectProvider store, String key) {
        if (elapsed().compareTo(lease) < 0) {
            store.remove(key);
        }
    }
}
