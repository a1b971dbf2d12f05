package dev.apikeys.keycloak.address;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.apikeys.keycloak.change.UserChange;
import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException.RowError;
import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.policy.AddressBookPolicy;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.policy.RealmPolicyStore;
import dev.apikeys.keycloak.seam.ConfirmationLinks;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A user's withdrawal address book: adds (one, or a checked batch), confirmation by e-mail, deletes, and address
 * management on or off. Like key changes, every change runs through {@link UserChange} ({@code confirm} is the OTP
 * step-up).
 */
public final class AddressBook {

    public static final String CONFIRM_PATH = "api-keys/addresses/confirm";
    static final String OPERATION_CONFIRM = "confirm";
    public static final String OPERATION_DISABLE = "disable";
    static final long RESEND_INTERVAL_SECONDS = 60;
    private static final Logger LOG = Logger.getLogger(AddressBook.class);
    private static final Comparator<AddressEntry> OLDEST_FIRST =
            Comparator.comparingLong(AddressEntry::createdAt).thenComparing(AddressEntry::id);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyPolicy realmPolicy;
    private final AddressBookPolicy policy;

    public AddressBook(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.realmPolicy = RealmPolicyStore.read(realm);
        this.policy = realmPolicy.addressBook();
    }

    public AddressBookPolicy policy() {
        return policy;
    }

    /** The realm's whole policy as this book read it (its step-up rules apply to address changes too). */
    public ApiKeyPolicy realmPolicy() {
        return realmPolicy;
    }

    /** Read through the user cache: no database query on a warm cache. */
    public List<AddressEntry> list(UserModel user) {
        return entries(user);
    }

    public AddressEntry get(UserModel user, String id) {
        return find(list(user), id);
    }

    /** The user's address-management switch and the book's version, read through the user cache. */
    public AddressBookState state(UserModel user) {
        return readState(user);
    }

    /** The state as stored; a state that cannot be read counts as bound, so that nothing is allowed by mistake. */
    static AddressBookState readState(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(AddressBookState.TYPE).findFirst().map(stored -> {
            try {
                return AddressEntry.read(stored.getCredentialData(), AddressBookState.class);
            } catch (RuntimeException e) {
                LOG.warnf("the address-book state of user %s cannot be read; withdrawals count as bound", user.getId());
                return new AddressBookState(true, 0);
            }
        }).orElse(AddressBookState.NEW);
    }

    /** Whether the user's withdrawals are bound to the book: the realm binds everyone, or the user turned it on. */
    public boolean bound(UserModel user) {
        return policy.alwaysBound() || state(user).enabled();
    }

    /**
     * Adds the entries, pending until confirmed from the mail (or confirmed at once when the realm asks for no
     * e-mail confirmation). A batch is refused whole with {@code csv_invalid} naming each wrong row.
     */
    public List<AddressEntry> add(UserModel user, List<AddressCsv.Row> rows, boolean batch, Runnable confirm) {
        List<AddressEntry> added = UserChange.run(session, realm, user, () -> {
            checkNew(list(user), rows, batch);
            return policy.emailConfirmation() ? AddressMail.checkCanSend(realm, user) : null;
        }, confirm, (email, committed) -> {
            checkNew(entries(committed), rows, batch);
            long now = Time.currentTimeMillis();
            List<AddressEntry> entries = new ArrayList<>();
            for (AddressCsv.Row row : rows) {
                AddressData data = email != null ? row.entry().sentTo(email) : row.entry().confirmedAt(now);
                CredentialModel stored = user.credentialManager().createStoredCredential(new AddressEntry(null, now, data).toCredential());
                entries.add(AddressEntry.of(stored));
            }
            if (email == null) {
                writeState(user, committed, state(committed).touched());
            } else {
                sendConfirmation(user, email, entries);
            }
            return entries;
        });
        LOG.debugf("%d addresses added to the book of user %s", added.size(), user.getId());
        return added;
    }

    /**
     * Sends a pending entry's confirmation mail again, with a new link, at most once per {@value #RESEND_INTERVAL_SECONDS}
     * seconds per entry, and only to the address the entry was added under: after the account's e-mail address
     * changed, the entry must be deleted and added again (with the OTP code).
     */
    public AddressEntry resend(UserModel user, String id) {
        AddressEntry entry = get(user, id);
        if (entry.data().confirmed()) {
            throw ApiKeyError.NOT_PENDING.exception("this address is confirmed already");
        }
        String email = AddressMail.checkCanSend(realm, user);
        if (entry.data().sentTo() != null && !email.equalsIgnoreCase(entry.data().sentTo())) {
            throw ApiKeyError.EMAIL_CHANGED.exception(
                    "this address was added while the account had another e-mail address; delete it and add it again");
        }
        if (!session.singleUseObjects().putIfAbsent("api-keys.address-resend." + entry.id(), RESEND_INTERVAL_SECONDS)) {
            throw new ApiKeyException(ApiKeyError.RESEND_TOO_SOON,
                    "the confirmation was sent a moment ago; wait before sending it again", RESEND_INTERVAL_SECONDS);
        }
        sendConfirmation(user, email, List.of(entry));
        return entry;
    }

    public AddressEntry delete(UserModel user, String id, Runnable confirm) {
        AddressEntry entry = UserChange.run(session, realm, user, () -> get(user, id), confirm, (checked, committed) -> {
            AddressEntry fresh = find(entries(committed), id);
            user.credentialManager().removeStoredCredentialById(fresh.id());
            if (fresh.data().confirmed()) {
                writeState(user, committed, state(committed).touched());
            }
            return fresh;
        });
        LOG.debugf("address %s of user %s deleted", id, user.getId());
        return entry;
    }

    public List<AddressEntry> deleteAll(UserModel user, Runnable confirm) {
        List<AddressEntry> entries = UserChange.run(session, realm, user, () -> null, confirm, (checked, committed) -> {
            List<AddressEntry> fresh = entries(committed);
            for (AddressEntry entry : fresh) {
                user.credentialManager().removeStoredCredentialById(entry.id());
            }
            if (fresh.stream().anyMatch(entry -> entry.data().confirmed())) {
                writeState(user, committed, state(committed).touched());
            }
            return fresh;
        });
        LOG.debugf("%d addresses of user %s deleted", entries.size(), user.getId());
        return entries;
    }

    /**
     * Turns address management on at once; turning it off needs the link in an e-mail (unless the realm asks for no
     * e-mail confirmation), and is refused where the realm binds every user.
     *
     * @return true when the change is done, false when it waits for the mail's link
     */
    public boolean setEnabled(UserModel user, boolean enabled, Runnable confirm) {
        return UserChange.run(session, realm, user, () -> {
            if (!enabled && policy.alwaysBound()) {
                throw ApiKeyError.ADDRESS_BOOK_REQUIRED.exception("this realm binds every withdrawal to the address book");
            }
            return !enabled && policy.emailConfirmation() ? AddressMail.checkCanSend(realm, user) : null;
        }, confirm, (email, committed) -> {
            AddressBookState state = state(committed);
            if (email != null) {
                ConfirmationLinks.Request request = new ConfirmationLinks.Request(user.getId(), email, OPERATION_DISABLE,
                        List.of(), state.version());
                String link = ConfirmationLinks.issue(session, realm, request, policy.confirmationLifespanSeconds(), CONFIRM_PATH);
                AddressMail.send(session, realm, user, List.of(), link, policy.confirmationLifespanSeconds(), true);
                return false;
            }
            if (state.enabled() != enabled) {
                writeState(user, committed, state.changed(enabled));
            }
            return true;
        });
    }

    /**
     * What a link would do now, for the page that shows it: the entries it confirms that are still pending, sent to
     * the address the account still has. Empty when it would do nothing.
     */
    public List<AddressEntry> awaiting(UserModel user, ConfirmationLinks.Request request) {
        if (!stillAddressed(user, request.email())) {
            return List.of();
        }
        Set<String> ids = new HashSet<>(request.entryIds());
        return list(user).stream().filter(entry -> ids.contains(entry.id()) && !entry.data().confirmed()
                && request.email().equalsIgnoreCase(entry.data().sentTo())).toList();
    }

    /** Whether the account still has the e-mail address a link was sent to (changing it voids pending links). */
    public static boolean stillAddressed(UserModel user, String email) {
        return email != null && user.isEnabled() && user.isEmailVerified() && email.equalsIgnoreCase(user.getEmail());
    }

    /** What following a link did. */
    public enum Outcome { DONE, NOTHING_LEFT, USED, STALE }

    /** The outcome of a link, and the entries it confirmed. */
    public record Confirmation(Outcome outcome, List<AddressEntry> confirmed) {
    }

    /**
     * Confirms what the link names and still waits, or turns address management off when the book has not changed
     * since the link was sent. The link is used up here, under the user's lock, and only if this transaction commits.
     */
    public Confirmation confirm(UserModel user, ConfirmationLinks.Verified link) {
        ConfirmationLinks.Request request = link.request();
        Confirmation confirmation = UserChange.locked(session, realm, user, committed -> {
            if (!ConfirmationLinks.use(session, link)) {
                return new Confirmation(Outcome.USED, List.of());
            }
            AddressBookState state = state(committed);
            if (OPERATION_DISABLE.equals(request.operation())) {
                if (policy.alwaysBound()) {
                    throw ApiKeyError.ADDRESS_BOOK_REQUIRED.exception("this realm binds every withdrawal to the address book");
                }
                if (state.version() != request.bookVersion()) {
                    return new Confirmation(Outcome.STALE, List.of());
                }
                if (state.enabled()) {
                    writeState(user, committed, state.changed(false));
                }
                return new Confirmation(Outcome.DONE, List.of());
            }
            Set<String> ids = new HashSet<>(request.entryIds());
            long now = Time.currentTimeMillis();
            List<AddressEntry> confirmed = new ArrayList<>();
            for (AddressEntry entry : entries(committed)) {
                if (ids.contains(entry.id()) && !entry.data().confirmed()
                        && request.email().equalsIgnoreCase(entry.data().sentTo())) {
                    AddressEntry done = entry.with(entry.data().confirmedAt(now));
                    user.credentialManager().updateStoredCredential(done.toCredential());
                    confirmed.add(done);
                }
            }
            if (confirmed.isEmpty()) {
                return new Confirmation(Outcome.NOTHING_LEFT, List.of());
            }
            writeState(user, committed, state.touched());
            return new Confirmation(Outcome.DONE, confirmed);
        });
        LOG.debugf("link of user %s followed: %s, %d addresses confirmed", user.getId(), confirmation.outcome(),
                confirmation.confirmed().size());
        return confirmation;
    }

    /**
     * The confirmed entry that allows this transfer, or null. An internal-transfer entry whose coin is {@code *}
     * allows any coin. Read through the user cache.
     */
    public AddressEntry allowing(UserModel user, AddressData query) {
        for (AddressEntry entry : list(user)) {
            AddressData data = entry.data();
            if (!data.confirmed()) {
                continue;
            }
            boolean anyCoin = AddressKind.INTERNAL_TRANSFER.code().equals(data.kind()) && AddressKind.ANY_COIN.equals(data.coin());
            AddressData asked = anyCoin ? new AddressData(query.kind(), data.coin(), query.network(), query.address(),
                    query.memo(), null, null, null, null) : query;
            if (data.sameAddress(asked)) {
                return entry;
            }
        }
        return null;
    }

    private void sendConfirmation(UserModel user, String email, List<AddressEntry> entries) {
        ConfirmationLinks.Request request = new ConfirmationLinks.Request(user.getId(), email, OPERATION_CONFIRM,
                entries.stream().map(AddressEntry::id).toList(), 0);
        String link = ConfirmationLinks.issue(session, realm, request, policy.confirmationLifespanSeconds(), CONFIRM_PATH);
        AddressMail.send(session, realm, user, entries.stream().map(AddressEntry::data).toList(), link,
                policy.confirmationLifespanSeconds(), false);
    }

    private void checkNew(List<AddressEntry> existing, List<AddressCsv.Row> rows, boolean batch) {
        List<RowError> errors = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            AddressData entry = rows.get(i).entry();
            String duplicate = null;
            for (int j = 0; j < i && duplicate == null; j++) {
                if (rows.get(j).entry().sameAddress(entry)) {
                    duplicate = "the same address is in row " + rows.get(j).number();
                }
            }
            if (duplicate == null && existing.stream().anyMatch(e -> e.data().sameAddress(entry))) {
                duplicate = "this address is in the address book already";
            }
            if (duplicate != null) {
                if (!batch) {
                    throw ApiKeyError.ADDRESS_DUPLICATE.exception(duplicate);
                }
                errors.add(new RowError(rows.get(i).number(), "address", duplicate));
            }
        }
        if (!errors.isEmpty()) {
            throw AddressCsv.refused(errors.size() + " of " + rows.size() + " rows are wrong; nothing was added", errors);
        }
        if (existing.size() + rows.size() > policy.maxEntries()) {
            throw ApiKeyError.TOO_MANY_ADDRESSES.exception("an address book holds at most " + policy.maxEntries()
                    + " addresses; it has " + existing.size());
        }
    }

    /** Entries whose stored data cannot be read (written by hand, say) are left out with a warning, never used. */
    private List<AddressEntry> entries(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(AddressEntry.TYPE).map(stored -> {
            try {
                return AddressEntry.of(stored);
            } catch (RuntimeException e) {
                LOG.warnf("address %s of user %s cannot be read and is ignored", stored.getId(), user.getId());
                return null;
            }
        }).filter(java.util.Objects::nonNull).sorted(OLDEST_FIRST).toList();
    }

    private java.util.Optional<CredentialModel> stateCredential(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(AddressBookState.TYPE).findFirst();
    }

    /** Reads the stored state from the committed user, writes through {@code user} (see {@link UserChange}). */
    private void writeState(UserModel user, UserModel committed, AddressBookState state) {
        java.util.Optional<CredentialModel> stored = stateCredential(committed);
        CredentialModel model = stored.orElseGet(CredentialModel::new);
        model.setType(AddressBookState.TYPE);
        model.setCredentialData(AddressEntry.write(state));
        model.setSecretData("{}");
        if (stored.isPresent()) {
            user.credentialManager().updateStoredCredential(model);
        } else {
            model.setCreatedDate(Time.currentTimeMillis());
            user.credentialManager().createStoredCredential(model);
        }
    }

    private static AddressEntry find(List<AddressEntry> entries, String id) {
        for (AddressEntry entry : entries) {
            if (entry.id().equals(id)) {
                return entry;
            }
        }
        throw ApiKeyError.NOT_FOUND.exception("no such address");
    }
}
