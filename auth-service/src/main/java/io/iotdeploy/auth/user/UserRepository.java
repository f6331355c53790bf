package io.iotdeploy.auth.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class UserRepository {

    private static final String COLUMNS = "id, username, admin, created_at, password_hash, password_salt, "
            + "password_iterations";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    List<User> findAll() {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM users ORDER BY username")
            .query((rs, row) -> user(rs))
            .list();
    }

    @Transactional(readOnly = true)
    Optional<Account> findByUsername(String username) {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE username = ?")
            .param(username)
            .query((rs, row) -> new Account(user(rs), new HashedPassword(rs.getBytes("password_hash"),
                    rs.getBytes("password_salt"), rs.getInt("password_iterations"))))
            .optional();
    }

    @Transactional(readOnly = true)
    boolean isEmpty() {
        return this.jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single() == 0;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the name is taken */
    User insert(String username, boolean admin, HashedPassword password, Instant createdAt) {
        KeyHolder key = new GeneratedKeyHolder();
        this.jdbc.sql("INSERT INTO users (username, admin, created_at, password_hash, password_salt, "
                    + "password_iterations) VALUES (?, ?, ?, ?, ?, ?)")
            .params(username, admin, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC), password.hash(),
                    password.salt(), password.iterations())
            .update(key, "id");
        return new User(key.getKeyAs(Long.class), username, admin, createdAt);
    }

    /**
     * Replaces the password only if it is still {@code current}, so that a concurrent change of the same password
     * is never overwritten.
     * @return whether the password was replaced
     */
    boolean replacePassword(long id, HashedPassword current, HashedPassword replacement) {
        return this.jdbc.sql("UPDATE users SET password_hash = ?, password_salt = ?, password_iterations = ? "
                    + "WHERE id = ? AND password_hash = ?")
            .params(replacement.hash(), replacement.salt(), replacement.iterations(), id, current.hash())
            .update() == 1;
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getBoolean("admin"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

}
