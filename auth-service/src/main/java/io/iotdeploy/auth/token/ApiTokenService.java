package io.iotdeploy.auth.token;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.iotdeploy.token.CurrentUser;
import io.iotdeploy.token.InternalTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Named API tokens for pipelines: made with a random secret that is shown once and stored only as its SHA-256;
 * listed without it; revoked for good. Revocation and expiry hold from the next check on.
 */
@Service
class ApiTokenService {

    private static final Logger logger = LoggerFactory.getLogger(ApiTokenService.class);

    static final int NAME_MAX = 64;

    static final int EXPIRY_MAX_DAYS = 3650;

    private final ApiTokenRepository tokens;

    private final Clock clock;

    @Autowired
    ApiTokenService(ApiTokenRepository tokens) {
        this(tokens, Clock.systemUTC());
    }

    ApiTokenService(ApiTokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    CreatedApiToken create(CurrentUser caller, NewApiTokenRequest request) {
        requireUser(caller, "create API tokens");
        String name = validName(request.name());
        Integer days = request.expiresInDays();
        if (days != null && (days < 1 || days > EXPIRY_MAX_DAYS)) {
            throw new InvalidApiTokenRequestException("expiresInDays",
                    "must be from 1 to " + EXPIRY_MAX_DAYS + " days, or left out for a token that does not expire");
        }
        Instant now = now();
        Instant expiresAt = (days != null) ? now.plus(Duration.ofDays(days)) : null;
        if (request.expiresAt() != null) {
            if (days != null) {
                throw new InvalidApiTokenRequestException("expiresAt", "give expiresInDays or expiresAt, not both");
            }
            if (!request.expiresAt().isAfter(now) || request.expiresAt().isAfter(now.plus(Duration.ofDays(EXPIRY_MAX_DAYS)))) {
                throw new InvalidApiTokenRequestException("expiresAt",
                        "must be in the future and at most " + EXPIRY_MAX_DAYS + " days ahead");
            }
            expiresAt = request.expiresAt();
        }
        String secret = ApiTokenSecret.generate();
        StoredApiToken stored = this.tokens
            .insert(caller.name(), name, ApiTokenSecret.prefix(secret), ApiTokenSecret.hash(secret), now, expiresAt)
            .orElseThrow(() -> new UnknownUserException(caller.name()));
        logger.info("User '{}' created the API token {} (id {}), {}", caller.name(), stored.describe(), stored.id(),
                (expiresAt != null) ? "expiring " + expiresAt : "not expiring");
        return new CreatedApiToken(stored.id(), stored.username(), stored.name(), stored.prefix(), stored.createdAt(),
                stored.expiresAt(), secret);
    }

    /** The caller's tokens, or for an administrator those of {@code username}. */
    List<ApiToken> list(CurrentUser caller, String username) {
        requireUser(caller, "list API tokens");
        String owner = (username == null || username.isBlank()) ? caller.name() : username;
        if (!owner.equals(caller.name()) && !caller.admin()) {
            throw new ApiTokenForbiddenException("Only an administrator may list another user's API tokens; '"
                    + caller.name() + "' is not one.");
        }
        Instant now = now();
        return this.tokens.findActiveOf(owner).stream().map((token) -> token.view(now)).toList();
    }

    /** Revokes one of the caller's tokens (an administrator's: anyone's); 404 for any other. */
    void revoke(CurrentUser caller, long id) {
        requireUser(caller, "revoke API tokens");
        StoredApiToken token = this.tokens.findById(id)
            .filter((candidate) -> candidate.revokedAt() == null)
            .filter((candidate) -> candidate.username().equals(caller.name()) || caller.admin())
            .orElseThrow(() -> new ApiTokenNotFoundException(id));
        if (!this.tokens.revoke(id, now())) {
            throw new ApiTokenNotFoundException(id);
        }
        logger.info("User '{}' revoked the API token {} (id {}) of '{}'", caller.name(), token.describe(), id,
                token.username());
    }

    /** The owner of a valid token, for the gateway; the token is not valid when unknown, revoked or expired. */
    VerifiedApiToken verify(CurrentUser caller, String token) {
        if (!InternalTokens.GATEWAY.equals(caller.name())) {
            throw new ApiTokenForbiddenException("Only the gateway verifies API tokens.");
        }
        if (!ApiTokenSecret.isWellFormed(token)) {
            throw new ApiTokenRefusedException("This is not an IoT Deploy API token: they are '"
                    + ApiTokenSecret.MARK + "' and " + ApiTokenSecret.RANDOM_LENGTH + " base64url characters.");
        }
        byte[] hash = ApiTokenSecret.hash(token);
        StoredApiToken stored = this.tokens.findByPrefix(ApiTokenSecret.prefix(token))
            .stream()
            .filter((candidate) -> MessageDigest.isEqual(hash, candidate.hash()))
            .findFirst()
            .orElseThrow(() -> new ApiTokenRefusedException("No such API token: it was mistyped, or its user was "
                    + "removed."));
        Instant now = now();
        if (stored.revokedAt() != null) {
            throw new ApiTokenRefusedException("The API token " + stored.describe() + " was revoked at "
                    + stored.revokedAt() + ".");
        }
        if (stored.expiredAt(now)) {
            throw new ApiTokenRefusedException("The API token " + stored.describe() + " expired at "
                    + stored.expiresAt() + ".");
        }
        this.tokens.touch(stored.id(), now);
        return new VerifiedApiToken(stored.username(), stored.admin(), stored.id(), stored.name(),
                stored.expiresAt());
    }

    private Instant now() {
        return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The gateway's own identity is nobody's: it has no tokens. */
    private static void requireUser(CurrentUser caller, String action) {
        if (InternalTokens.GATEWAY.equals(caller.name())) {
            throw new ApiTokenForbiddenException("The gateway cannot " + action + " of its own.");
        }
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidApiTokenRequestException("name", "is required: say what the token is for, "
                    + "e.g. the pipeline that uses it");
        }
        String stripped = name.strip();
        if (stripped.length() > NAME_MAX) {
            throw new InvalidApiTokenRequestException("name", "must have at most " + NAME_MAX + " characters");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidApiTokenRequestException("name", "must not contain control characters");
        }
        return stripped;
    }

}
