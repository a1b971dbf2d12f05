package dev.apikeys.keycloak.admin;

import java.io.InputStream;
import java.util.List;

import dev.apikeys.keycloak.address.AddressBook;
import dev.apikeys.keycloak.address.AddressEntry;
import dev.apikeys.keycloak.credential.ApiKeyCredentialModel;
import dev.apikeys.keycloak.credential.ApiKeyManager;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.RealmPolicyStore;
import dev.apikeys.keycloak.rest.AddressRepresentation;
import dev.apikeys.keycloak.rest.Answers;
import dev.apikeys.keycloak.rest.ApiKeyRepresentation;
import dev.apikeys.keycloak.rest.JsonBody;
import dev.apikeys.keycloak.rest.ManagementRepresentation;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The realm's API-key policy and every user's keys, for administrators, at
 * {@code /admin/realms/{realm}/api-keys}. Keycloak has already authenticated the administrator; each method
 * checks the permission it needs. Every change is recorded as an admin event.
 */
public final class AdminApiKeysResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    AdminApiKeysResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
    }

    @GET
    @Path("policy")
    public Response getPolicy() {
        return Answers.of(() -> {
            require(auth.realm().canViewRealm(), "view-realm");
            return Response.ok(RealmPolicyStore.read(realm));
        });
    }

    @PUT
    @Path("policy")
    public Response updatePolicy(InputStream body) {
        return Answers.of(() -> {
            require(auth.realm().canManageRealm(), "manage-realm");
            ApiKeyPolicy policy = JsonBody.update(RealmPolicyStore.read(realm), body).validate();
            RealmPolicyStore.write(realm, policy);
            adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                    .representation(policy).success();
            return Response.ok(policy);
        });
    }

    @GET
    @Path("users/{userId}")
    public Response listKeys(@PathParam("userId") String userId) {
        return Answers.of(() -> {
            UserModel user = user(userId);
            require(auth.users().canView(user), "view-users");
            long now = Time.currentTimeMillis();
            ApiKeyManager manager = new ApiKeyManager(session, realm);
            List<ApiKeyRepresentation> keys = manager.list(user).stream()
                    .map(key -> ApiKeyRepresentation.of(session, manager.policy(), key, now)).toList();
            return Response.ok(keys);
        });
    }

    @DELETE
    @Path("users/{userId}/{keyId}")
    public Response deleteKey(@PathParam("userId") String userId, @PathParam("keyId") String keyId) {
        return Answers.of(() -> {
            UserModel user = user(userId);
            require(auth.users().canManage(user), "manage-users");
            ApiKeyCredentialModel key = new ApiKeyManager(session, realm).delete(user, keyId, () -> { });
            deleted(user, key);
            return Response.noContent();
        });
    }

    @DELETE
    @Path("users/{userId}")
    public Response deleteAllKeys(@PathParam("userId") String userId) {
        return Answers.of(() -> {
            UserModel user = user(userId);
            require(auth.users().canManage(user), "manage-users");
            for (ApiKeyCredentialModel key : new ApiKeyManager(session, realm).deleteAll(user, () -> { })) {
                deleted(user, key);
            }
            return Response.noContent();
        });
    }

    /** The user's withdrawal address book and its address-management state. */
    @GET
    @Path("users/{userId}/addresses")
    public Response listAddresses(@PathParam("userId") String userId) {
        return Answers.of(() -> {
            UserModel user = user(userId);
            require(auth.users().canView(user), "view-users");
            AddressBook book = new AddressBook(session, realm);
            List<AddressEntry> entries = book.list(user);
            return Response.ok(new AdminAddressBook(ManagementRepresentation.of(book, book.state(user), entries.size()),
                    entries.stream().map(AddressRepresentation::of).toList()));
        });
    }

    @DELETE
    @Path("users/{userId}/addresses/{addressId}")
    public Response deleteAddress(@PathParam("userId") String userId, @PathParam("addressId") String addressId) {
        return Answers.of(() -> {
            UserModel user = user(userId);
            require(auth.users().canManage(user), "manage-users");
            deleted(user, new AddressBook(session, realm).delete(user, addressId, () -> { }));
            return Response.noContent();
        });
    }

    @DELETE
    @Path("users/{userId}/addresses")
    public Response deleteAllAddresses(@PathParam("userId") String userId) {
        return Answers.of(() -> {
            UserModel user = user(userId);
            require(auth.users().canManage(user), "manage-users");
            for (AddressEntry entry : new AddressBook(session, realm).deleteAll(user, () -> { })) {
                deleted(user, entry);
            }
            return Response.noContent();
        });
    }

    /** An address book as an administrator sees it. */
    public record AdminAddressBook(ManagementRepresentation management, List<AddressRepresentation> entries) {
    }

    private void deleted(UserModel user, AddressEntry entry) {
        adminEvent.clone(session).operation(OperationType.DELETE)
                .resourcePath("users", user.getId(), "api-keys", "addresses", entry.id())
                .detail("credential_type", AddressEntry.TYPE)
                .success();
    }

    private void deleted(UserModel user, ApiKeyCredentialModel key) {
        adminEvent.clone(session).operation(OperationType.DELETE)
                .resourcePath("users", user.getId(), "api-keys", key.getId())
                .detail("credential_type", ApiKeyCredentialModel.TYPE)
                .success();
    }

    private UserModel user(String userId) {
        UserModel user = userId == null || userId.length() > 255 ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            if (auth.users().canView()) {
                throw ApiKeyError.NOT_FOUND.exception("no such user");
            }
            throw ApiKeyError.FORBIDDEN.exception("the view-users role is required");
        }
        return user;
    }

    private static void require(boolean allowed, String role) {
        if (!allowed) {
            throw ApiKeyError.FORBIDDEN.exception("the " + role + " role is required");
        }
    }
}
