package io.iotdeploy.auth.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.iotdeploy.token.InternalTokens;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

@Service
class UserService {

    static final String FIRST_ADMIN = "admin";

    private static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9_-]{2,31}$");

    private static final int PASSWORD_MIN = 12;

    private static final int PASSWORD_MAX = 128;

    private static final String WRONG_CREDENTIALS = "Wrong user name or password.";

    private final UserRepository users;

    private final PasswordHasher hasher;

    UserService(UserRepository users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    /** Checks a log-in, upgrading the stored hash when it was made with fewer iterations than configured now. */
    User verify(String username, String password) {
        require("username", username);
        require("password", password);
        Account account = authenticate(username, password)
            .orElseThrow(() -> new WrongCredentialsException(null, WRONG_CREDENTIALS));
        if (this.hasher.isOutdated(account.password())) {
            this.users.replacePassword(account.user().id(), account.password(), this.hasher.hash(password));
        }
        return account.user();
    }

    List<User> list() {
        return this.users.findAll();
    }

    User create(NewUserRequest request) {
        String username = request.username();
        require("username", username);
        if (!USERNAME.matcher(username).matches()) {
            throw new InvalidUserRequestException("username", "must match " + USERNAME.pattern()
                    + " (3 to 32 characters: lower-case letters, digits, '_' and '-', starting with a letter)");
        }
        if (InternalTokens.SERVICES.contains(username)) {
            // the services would take this user's calls for one of their own
            throw new InvalidUserRequestException("username", "'" + username + "' is reserved for the platform's "
                    + "own services");
        }
        requireValidPassword("password", request.password());
        return insert(username, Boolean.TRUE.equals(request.admin()), request.password())
            .orElseThrow(() -> new UserExistsException(username));
    }

    /** Creates {@code admin} unless a user of that name exists; false if one does. */
    boolean createFirstAdmin(String password) {
        requireValidPassword("auth-service.admin.password", password);
        return insert(FIRST_ADMIN, true, password).isPresent();
    }

    void changePassword(String username, PasswordChangeRequest request) {
        require("currentPassword", request.currentPassword());
        requireValidPassword("newPassword", request.newPassword());
        WrongCredentialsException wrong = new WrongCredentialsException("currentPassword",
                "The current password is wrong.");
        Account account = authenticate(username, request.currentPassword()).orElseThrow(() -> wrong);
        // fails when the password changed since it was read: the one given is then no longer the current one
        if (!this.users.replacePassword(account.user().id(), account.password(),
                this.hasher.hash(request.newPassword()))) {
            throw wrong;
        }
    }

    boolean isEmpty() {
        return this.users.isEmpty();
    }

    private Optional<Account> authenticate(String username, String password) {
        Optional<Account> account = this.users.findByUsername(username);
        if (account.isEmpty()) {
            this.hasher.matchesNobody(password);
            return Optional.empty();
        }
        return account.filter((candidate) -> this.hasher.matches(password, candidate.password()));
    }

    private Optional<User> insert(String username, boolean admin, String password) {
        try {
            return Optional.of(this.users.insert(username, admin, this.hasher.hash(password),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        }
        catch (DuplicateKeyException ex) {
            return Optional.empty();
        }
    }

    private static void require(String field, String value) {
        if (value == null) {
            throw new InvalidUserRequestException(field, "is required");
        }
    }

    private static void requireValidPassword(String field, String password) {
        require(field, password);
        if (password.length() < PASSWORD_MIN || password.length() > PASSWORD_MAX) {
            throw new InvalidUserRequestException(field,
                    "must have " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters");
        }
    }

}
