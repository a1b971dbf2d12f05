package dev.apikeys.keycloak.credential;

import java.util.Comparator;
import java.util.List;

import dev.apikeys.keycloak.credential.ApiKeyCredentialProvider.IssuedKey;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.ip.IpAllowList;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.RealmPolicyStore;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

/**
 * Creates, changes, renews and deletes a user's keys under the realm's policy. Every change is checked in full
 * before anything is written, then {@code confirm} runs (the OTP step-up for self-service), then the user's
 * keys are locked, re-read from the database and checked again, so concurrent requests cannot exceed a limit.
 */
public final class ApiKeyManager {

    private static final Logger LOG = Logger.getLogger(ApiKeyManager.class);
    private static final Comparator<ApiKeyCredentialModel> OLDEST_FIRST =
            Comparator.comparing(ApiKeyCredentialModel::getCreatedDate).thenComparing(ApiKeyCredentialModel::getId);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyPolicy policy;
    private final ApiKeyCredentialProvider provider;

    public ApiKeyManager(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.policy = RealmPolicyStore.read(realm);
        this.provider = ApiKeyCredentialProvider.of(session);
    }

    public ApiKeyPolicy policy() {
        return policy;
    }

    public List<ApiKeyCredentialModel> list(UserModel user) {
        return provider.keys(user).sorted(OLDEST_FIRST).toList();
    }

    public ApiKeyCredentialModel get(UserModel user, String keyId) {
        return find(list(user), keyId);
    }

    public IssuedKey create(UserModel user, KeyRequest request, Runnable confirm) {
        checkNew(list(user), request);
        confirm.run();
        UserKeyLock.acquire(session, realm, user);
        Draft draft = checkNew(freshKeys(user), request);
        long now = Time.currentTimeMillis();
        IssuedKey issued = provider.issue(realm, user, draft.label, now, draft.scopes, draft.ips.entries(),
                policy.expiresAt(now, !draft.ips.isEmpty()), policy.activeFrom(now));
        LOG.debugf("API key %s created for user %s", issued.key().getId(), user.getId());
        return issued;
    }

    public ApiKeyCredentialModel update(UserModel user, String keyId, KeyRequest change, Runnable confirm) {
        checkChange(list(user), keyId, change);
        confirm.run();
        UserKeyLock.acquire(session, realm, user);
        ApiKeyCredentialModel changed = checkChange(freshKeys(user), keyId, change);
        provider.update(user, changed);
        LOG.debugf("API key %s of user %s changed", keyId, user.getId());
        return changed;
    }

    public ApiKeyCredentialModel renew(UserModel user, String keyId, Runnable confirm) {
        ApiKeyCredentialModel key = lockedKey(user, keyId, confirm);
        boolean ipBound = !key.data().ipAllowList().isEmpty();
        ApiKeyCredentialModel renewed = key.with(key.getUserLabel(),
                key.data().withExpiresAt(policy.expiresAt(Time.currentTimeMillis(), ipBound)));
        provider.update(user, renewed);
        LOG.debugf("API key %s of user %s renewed", keyId, user.getId());
        return renewed;
    }

    public ApiKeyCredentialModel delete(UserModel user, String keyId, Runnable confirm) {
        ApiKeyCredentialModel key = lockedKey(user, keyId, confirm);
        provider.deleteCredential(realm, user, key.getId());
        LOG.debugf("API key %s of user %s deleted", keyId, user.getId());
        return key;
    }

    public List<ApiKeyCredentialModel> deleteAll(UserModel user, Runnable confirm) {
        confirm.run();
        UserKeyLock.acquire(session, realm, user);
        List<ApiKeyCredentialModel> keys = freshKeys(user);
        for (ApiKeyCredentialModel key : keys) {
            provider.deleteCredential(realm, user, key.getId());
        }
        LOG.debugf("%d API keys of user %s deleted", keys.size(), user.getId());
        return keys;
    }

    /**
     * Writes a key's last use into its credential, under the user's lock and against the committed data; does
     * nothing (false) when the user's keys are being changed right now. See {@link LastUse}.
     */
    static boolean recordUse(KeycloakSession session, RealmModel realm, UserModel owner, String keyId, long at, String ip) {
        if (!UserKeyLock.tryAcquire(session, realm, owner)) {
            return false;
        }
        ApiKeyManager manager = new ApiKeyManager(session, realm);
        manager.freshKeys(owner).stream().filter(fresh -> fresh.getId().equals(keyId)).findFirst()
                .ifPresent(fresh -> manager.provider.update(owner, fresh.with(fresh.getUserLabel(), fresh.data().withLastUse(at, ip))));
        return true;
    }

    /** The key as committed right now, once the caller is confirmed and the user's keys are locked. */
    private ApiKeyCredentialModel lockedKey(UserModel user, String keyId, Runnable confirm) {
        get(user, keyId);
        confirm.run();
        UserKeyLock.acquire(session, realm, user);
        return find(freshKeys(user), keyId);
    }

    private Draft checkNew(List<ApiKeyCredentialModel> existing, KeyRequest request) {
        String label = policy.checkLabel(request.label());
        IpAllowList ips = policy.checkIpAllowList(request.ipAllowList());
        List<String> scopes = policy.grantScopes(request.scopes(), !ips.isEmpty());
        checkLabelFree(existing, label, null);
        policy.checkKeyCount(existing.size());
        return new Draft(label, scopes, ips);
    }

    private ApiKeyCredentialModel checkChange(List<ApiKeyCredentialModel> existing, String keyId, KeyRequest change) {
        ApiKeyCredentialModel key = find(existing, keyId);
        ApiKeyCredentialData data = key.data();
        String label = change.label() == null ? key.getUserLabel() : policy.checkLabel(change.label());
        IpAllowList ips = change.ipAllowList() == null
                ? policy.checkIpAllowList(data.ipAllowList())
                : policy.checkIpAllowList(change.ipAllowList());
        List<String> scopes = policy.grantScopes(change.scopes() == null ? data.scopes() : change.scopes(), !ips.isEmpty());
        if (change.label() != null) {
            checkLabelFree(existing, label, keyId);
        }
        Long expiresAt = data.expiresAt();
        boolean losesIpBinding = !data.ipAllowList().isEmpty() && ips.isEmpty();
        if (losesIpBinding) {
            expiresAt = earliest(expiresAt, policy.expiresAt(Time.currentTimeMillis(), false));
        }
        return key.with(label, data.withGrant(scopes, ips.entries(), expiresAt));
    }

    private static void checkLabelFree(List<ApiKeyCredentialModel> existing, String label, String exceptKeyId) {
        for (ApiKeyCredentialModel key : existing) {
            if (!key.getId().equals(exceptKeyId) && ApiKeyPolicy.sameLabel(key.getUserLabel(), label)) {
                throw ApiKeyError.LABEL_TAKEN.exception("another API key already has this label");
            }
        }
    }

    /**
     * The user's keys as committed in the database right now, bypassing the user cache, which may hold a
     * list from before a concurrent change committed. Users of a federation provider have no local entry;
     * their keys are read through the provider.
     */
    private List<ApiKeyCredentialModel> freshKeys(UserModel user) {
        UserModel local = session.getProvider(UserProvider.class).getUserById(realm, user.getId());
        return provider.keys(local != null ? local : user).sorted(OLDEST_FIRST).toList();
    }

    private static ApiKeyCredentialModel find(List<ApiKeyCredentialModel> keys, String keyId) {
        if (ApiKeySecret.isKeyId(keyId)) {
            for (ApiKeyCredentialModel key : keys) {
                if (key.getId().equals(keyId)) {
                    return key;
                }
            }
        }
        throw ApiKeyError.NOT_FOUND.exception("no such API key");
    }

    private static Long earliest(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }

    private record Draft(String label, List<String> scopes, IpAllowList ips) {
    }
}
