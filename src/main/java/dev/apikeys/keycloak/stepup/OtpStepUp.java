package dev.apikeys.keycloak.stepup;

import java.util.List;
import java.util.regex.Pattern;

import dev.apikeys.keycloak.error.ApiKeyError;
import dev.apikeys.keycloak.error.ApiKeyException;
import dev.apikeys.keycloak.policy.ApiKeyPolicy;
import dev.apikeys.keycloak.seam.KeycloakInternals;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

/**
 * Asks for the user's current OTP code before a change. The code is checked by Keycloak's own OTP credential
 * provider, which applies the realm's OTP policy and its replay protection. Wrong codes are bounded by the
 * policy's own limit ({@link StepUpLimiter}, checked before a code is evaluated) and, when the realm has
 * brute-force protection on, also counted there like wrong codes at login; a user locked by either is refused.
 */
public final class OtpStepUp {

    public static final String HEADER = "X-OTP";
    private static final Pattern CODE = Pattern.compile("\\d{6,8}");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ApiKeyPolicy policy;

    public OtpStepUp(KeycloakSession session, RealmModel realm, ApiKeyPolicy policy) {
        this.session = session;
        this.realm = realm;
        this.policy = policy;
    }

    public boolean isConfigured(UserModel user) {
        return !otpCredentials(user).isEmpty();
    }

    /**
     * @throws dev.apikeys.keycloak.error.ApiKeyException otp_not_configured, user_locked, otp_required, otp_locked
     *                                                    or otp_invalid
     */
    public void verify(UserModel user, String code) {
        List<CredentialModel> credentials = otpCredentials(user);
        if (credentials.isEmpty()) {
            throw ApiKeyError.OTP_NOT_CONFIGURED.exception(
                    "set up an authenticator app (OTP) in your account's Signing in page before managing API keys");
        }
        if (KeycloakInternals.isLockedOut(session, realm, user)) {
            throw ApiKeyError.USER_LOCKED.exception("too many wrong codes; this account is locked for now");
        }
        if (code == null || code.isBlank()) {
            throw ApiKeyError.OTP_REQUIRED.exception("send your current one-time code in the " + HEADER + " header");
        }
        StepUpLimiter limiter = new StepUpLimiter(session.singleUseObjects(), realm.getId(), user.getId(),
                policy.otpMaxFailures(), policy.otpLockoutSeconds());
        StepUpLimiter.Attempt attempt = limiter.claim();
        if (attempt == null) {
            throw new ApiKeyException(ApiKeyError.OTP_LOCKED,
                    "too many wrong one-time codes; API-key changes are locked for now", limiter.retryAfterSeconds());
        }
        String trimmed = code.strip();
        boolean valid = CODE.matcher(trimmed).matches() && credentials.stream().anyMatch(credential ->
                user.credentialManager().isValid(new UserCredentialModel(credential.getId(), OTPCredentialModel.TYPE, trimmed)));
        if (valid) {
            limiter.succeeded(attempt);
        } else {
            if (realm.isBruteForceProtected()) {
                KeycloakInternals.countFailedOtp(session, realm, user, OTPCredentialModel.TYPE);
            }
            throw ApiKeyError.OTP_INVALID.exception("the one-time code is wrong or was already used");
        }
    }

    private static List<CredentialModel> otpCredentials(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE).toList();
    }
}
