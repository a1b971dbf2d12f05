package dev.apikeys.keycloak.credential;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import dev.apikeys.keycloak.change.UserChange;
import dev.apikeys.keycloak.change.UserChangeLock;
import dev.apikeys.keycloak.credential.ApiKeyCredentialProvider.IssuedKey;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.ip.IpAllowList;
import dev.apikeys.keycloak.keyuse.LastUse;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.LabelText;
import dev.apikeys.keycloak.policy.RealmPolicyStore;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Creates, changes, renews and deletes a user's keys under the realm's policy, each change through
 * {@link UserChange} ({@code confirm} is the OTP step-up for self-service), so concurrent requests cannot exceed a
 * limit.
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
        return keysOf(user);
    }

    public ApiKeyCredentialModel get(UserModel user, String keyId) {
        return find(list(user), keyId);
    }

    public IssuedKey create(UserModel user, KeyRequest request, Runnable confirm) {
        IssuedKey issued = UserChange.run(session, realm, user, () -> checkNew(list(user), request), confirm, (checked, committed) -> {
            Draft draft = checkNew(restoreLabelCopies(user, keysOf(committed)), request);
            long now = Time.currentTimeMillis();
            return provider.issue(realm, user, draft.label, now, draft.scopes, draft.ips.entries(),
                    policy.expiresAt(now, !draft.ips.isEmpty()), policy.activeFrom(now));
        });
        LOG.debugf("API key %s created for user %s", issued.key().getId(), user.getId());
        return issued;
    }

    public ApiKeyCredentialModel update(UserModel user, String keyId, KeyRequest change, Runnable confirm) {
        ApiKeyCredentialModel changed = UserChange.run(session, realm, user, () -> checkChange(list(user), keyId, change),
                confirm, (checked, committed) -> {
                    ApiKeyCredentialModel fresh = checkChange(restoreLabelCopies(user, keysOf(committed)), keyId, change);
                    provider.update(user, fresh);
                    return fresh;
                });
        LOG.debugf("API key %s of user %s changed", keyId, user.getId());
        return changed;
    }

    /** Refuses a key holding a scope the policy no longer allows it: the owner edits the key first. */
    public ApiKeyCredentialModel renew(UserModel user, String keyId, Runnable confirm) {
        ApiKeyCredentialModel renewed = UserChange.run(session, realm, user, () -> checkRenewable(get(user, keyId)), confirm,
                (checked, committed) -> {
                    ApiKeyCredentialModel key = checkRenewable(find(keysOf(committed), keyId));
                    boolean ipBound = !key.data().ipAllowList().isEmpty();
                    ApiKeyCredentialModel fresh = key.with(key.label(),
                            key.data().withExpiresAt(policy.expiresAt(Time.currentTimeMillis(), ipBound)));
                    provider.update(user, fresh);
                    return fresh;
                });
        LOG.debugf("API key %s of user %s renewed", keyId, user.getId());
        return renewed;
    }

    public ApiKeyCredentialModel delete(UserModel user, String keyId, Runnable confirm) {
        ApiKeyCredentialModel deleted = UserChange.run(session, realm, user, () -> get(user, keyId), confirm, (checked, committed) -> {
            ApiKeyCredentialModel key = find(keysOf(committed), keyId);
            provider.deleteCredential(realm, user, key.getId());
            return key;
        });
        LOG.debugf("API key %s of user %s deleted", keyId, user.getId());
        return deleted;
    }

    public List<ApiKeyCredentialModel> deleteAll(UserModel user, Runnable confirm) {
        List<ApiKeyCredentialModel> deleted = UserChange.run(session, realm, user, () -> null, confirm, (checked, committed) -> {
            List<ApiKeyCredentialModel> keys = keysOf(committed);
            for (ApiKeyCredentialModel key : keys) {
                provider.deleteCredential(realm, user, key.getId());
            }
            return keys;
        });
        LOG.debugf("%d API keys of user %s deleted", deleted.size(), user.getId());
        return deleted;
    }

    /**
     * Writes a key's last use into its credential, under the user's lock and against the committed data; does
     * nothing (false) when the user's keys are being changed right now. See {@link LastUse}.
     */
    public static boolean recordUse(KeycloakSession session, RealmModel realm, UserModel owner, String keyId, long at, String ip) {
        UserChangeLock lock = UserChangeLock.tryAcquire(session, realm, owner);
        if (lock == null) {
            return false;
        }
        ApiKeyManager manager = new ApiKeyManager(session, realm);
        manager.keysOf(UserChange.committed(session, realm, owner)).stream().filter(fresh -> fresh.getId().equals(keyId)).findFirst()
                .ifPresent(fresh -> manager.provider.update(owner, fresh.with(fresh.label(), fresh.data().withLastUse(at, ip))));
        lock.confirmHeld();
        return true;
    }

    /**
     * Puts each key's label of record back into Keycloak's user label where a rename through Keycloak's own label
     * endpoint changed it: Keycloak refuses a new credential whose user label another credential holds.
     */
    private List<ApiKeyCredentialModel> restoreLabelCopies(UserModel user, List<ApiKeyCredentialModel> keys) {
        return keys.stream().map(key -> {
            if (Objects.equals(key.getUserLabel(), key.label())) {
                return key;
            }
            ApiKeyCredentialModel restored = key.with(key.label(), key.data());
            provider.update(user, restored);
            return restored;
        }).toList();
    }

    private ApiKeyCredentialModel checkRenewable(ApiKeyCredentialModel key) {
        policy.checkScopesInForce(key.data().scopes(), !key.data().ipAllowList().isEmpty());
        return key;
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
        String label = change.label() == null ? key.label() : policy.checkLabel(change.label());
        IpAllowList ips = change.ipAllowList() == null
                ? policy.checkIpAllowList(data.ipAllowList())
                : policy.checkIpAllowList(change.ipAllowList());
        List<String> scopes;
        if (change.scopes() != null) {
            scopes = policy.grantScopes(change.scopes(), !ips.isEmpty());
        } else {
            // Unchanged scopes stay as stored; those the realm no longer offers stay dormant (see scopesInForce),
            // but an offered IP-only scope still cannot lose its allow-list.
            policy.grantScopes(policy.scopesInForce(data.scopes(), true), !ips.isEmpty());
            scopes = data.scopes();
        }
        // A label kept as it is stays valid even where an older rule let another key's label look the same.
        if (change.label() != null && !label.equals(key.label())) {
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
            if (!key.getId().equals(exceptKeyId) && LabelText.same(key.label(), label)) {
                throw ApiKeyError.LABEL_TAKEN.exception("another API key already has this label");
            }
        }
    }

    private List<ApiKeyCredentialModel> keysOf(UserModel user) {
        return provider.keys(user).sorted(OLDEST_FIRST).toList();
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
