package dev.apikeys.keycloak.change;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

/**
 * The one way a user's keys or address book change, so that limits and uniqueness hold under concurrent requests on
 * any node. The change is checked in full against what the user cache holds, writing nothing (so a refused change
 * costs no step-up code); then the step-up runs; then, under the user's {@link UserChangeLock}, the change is checked
 * again and written against the data as committed in the database; last, the lock is confirmed still held, or the
 * whole change is rolled back and refused.
 */
public final class UserChange {

    private UserChange() {
    }

    /**
     * @param check  refuses the change by throwing; what it returns is handed to {@code write}
     * @param stepUp the OTP step-up (or nothing, for an administrator)
     * @param write  checks again and writes, given the check's result and the user as committed (read from it, write
     *               through {@code user}, so that every node's cache learns of the change)
     */
    public static <C, T> T run(KeycloakSession session, RealmModel realm, UserModel user, Supplier<C> check,
                               Runnable stepUp, BiFunction<C, UserModel, T> write) {
        C checked = check.get();
        stepUp.run();
        return locked(session, realm, user, committed -> write.apply(checked, committed));
    }

    /** The part after the step-up, for changes that need none (a confirmation link, an administrator's delete). */
    public static <T> T locked(KeycloakSession session, RealmModel realm, UserModel user, Function<UserModel, T> write) {
        UserChangeLock lock = UserChangeLock.acquire(session, realm, user);
        T result = write.apply(committed(session, realm, user));
        lock.confirmHeld();
        return result;
    }

    /**
     * The user as committed in the database right now, bypassing the user cache, which may hold what was read before
     * a concurrent change committed. Users of a federation provider have no local entry and are read through it.
     */
    public static UserModel committed(KeycloakSession session, RealmModel realm, UserModel user) {
        UserModel local = session.getProvider(UserProvider.class).getUserById(realm, user.getId());
        return local != null ? local : user;
    }
}
