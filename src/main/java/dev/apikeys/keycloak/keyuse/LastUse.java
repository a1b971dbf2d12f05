package dev.apikeys.keycloak.keyuse;

import java.util.Map;

import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.credential.ApiKeyManager;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * When and from where a key was last used.
 *
 * <p>A credential write evicts its user from every node's cache, so the last use cannot be written to the key on
 * every use. So the last use lives in Keycloak's replicated single-use store, updated at most once every
 * {@value #RECORD_INTERVAL_MINUTES} minutes per key, and is copied into the key's credential data at most once a day
 * per key (and at its first use), so that it survives a restart of the whole cluster. Readers take the later of the
 * two. Every {@value #RECORD_INTERVAL_MINUTES} minutes, not every minute: with 50,000 keys that each come back within
 * a minute, a one-minute renewal was a replicated write for nearly every use, and checks at 50,000 keys ran at 0.83 of
 * their speed at 1,000 in the benchmark. Once a day, not once an hour: with 50,000 keys in use an hourly copy meant
 * 14 credential writes a second, each followed by a reload of its user from the database on every node; the daily
 * copy is still far fresher than the store entry's seven days.
 */
public final class LastUse {

    private static final Logger LOG = Logger.getLogger(LastUse.class);
    static final int RECORD_INTERVAL_MINUTES = 5;
    static final long RECORD_INTERVAL_MILLIS = RECORD_INTERVAL_MINUTES * 60_000L;
    static final long PERSIST_INTERVAL_MILLIS = 24L * 3_600_000;
    private static final long ENTRY_LIFESPAN_SECONDS = 7L * 24 * 3600;
    private static final String AT = "at";
    private static final String IP = "ip";

    private LastUse() {
    }

    /** A use: epoch millis and client address. */
    public record Use(long at, String ip) {
    }

    /** The latest known use of the key, or null when it was never used. */
    public static Use of(KeycloakSession session, ApiKeyCredentialModel key) {
        Use persisted = key.data().lastUsedAt() == null ? null : new Use(key.data().lastUsedAt(), key.data().lastUsedIp());
        Use cached = cached(session.singleUseObjects(), key.getId());
        if (cached == null) {
            return persisted;
        }
        return persisted == null || cached.at() > persisted.at() ? cached : persisted;
    }

    /** Notes a use of the key; cheap when the key was used within the last {@value #RECORD_INTERVAL_MINUTES} minutes. */
    public static void record(KeycloakSession session, RealmModel realm, UserModel user, ApiKeyCredentialModel key, String ip) {
        long now = Time.currentTimeMillis();
        Use last = of(session, key);
        if (last != null && now - last.at() < RECORD_INTERVAL_MILLIS) {
            return;
        }
        SingleUseObjectProvider store = session.singleUseObjects();
        store.put(entry(key.getId()), ENTRY_LIFESPAN_SECONDS, Map.of(AT, Long.toString(now), IP, ip == null ? "" : ip));
        Long persisted = key.data().lastUsedAt();
        if (persisted != null && now - persisted < PERSIST_INTERVAL_MILLIS) {
            return;
        }
        if (!store.putIfAbsent("api-keys.persist-use." + key.getId(), PERSIST_INTERVAL_MILLIS / 1000)) {
            return;
        }
        persist(session, realm, user, key.getId(), now, ip);
    }

    /** In its own transaction, so a failed write never fails the request that used the key. */
    private static void persist(KeycloakSession session, RealmModel realm, UserModel user, String keyId, long at, String ip) {
        try {
            KeycloakInternals.runInOwnTransaction(session, writer -> {
                RealmModel writerRealm = writer.realms().getRealm(realm.getId());
                UserModel owner = writer.users().getUserById(writerRealm, user.getId());
                if (owner == null || !ApiKeyManager.recordUse(writer, writerRealm, owner, keyId, at, ip)) {
                    LOG.debugf("last use of API key %s not persisted: its keys are being changed", keyId);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("could not persist the last use of API key %s: %s", keyId, e.toString());
        }
    }

    private static Use cached(SingleUseObjectProvider store, String keyId) {
        Map<String, String> notes = store.get(entry(keyId));
        if (notes == null || notes.get(AT) == null) {
            return null;
        }
        try {
            String ip = notes.get(IP);
            return new Use(Long.parseLong(notes.get(AT)), ip == null || ip.isEmpty() ? null : ip);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String entry(String keyId) {
        return "api-keys.last-use." + keyId;
    }
}
