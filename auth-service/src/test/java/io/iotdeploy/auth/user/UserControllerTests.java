package io.iotdeploy.auth.user;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.iotdeploy.token.InternalTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class UserControllerTests {

    private static final String ALICE_PASSWORD = "alice's long password";

    private final RestTestClient client;

    private final InternalTokens tokens;

    private final UserService users;

    private final JdbcClient jdbc;

    @Autowired
    UserControllerTests(RestTestClient client, InternalTokens tokens, UserService users, JdbcClient jdbc) {
        this.client = client;
        this.tokens = tokens;
        this.users = users;
        this.jdbc = jdbc;
    }

    @BeforeEach
    void aliceExists() {
        this.jdbc.sql("DELETE FROM users").update();
        this.users.create(new NewUserRequest("alice", ALICE_PASSWORD, false));
    }

    @Test
    void adminCreatesAUserWhoCanThenLogIn() {
        post("/users", admin(), Map.of("username", "bob", "password", "bob's long password", "admin", true))
            .expectStatus().isCreated()
            .expectBody()
            .jsonPath("$.username").isEqualTo("bob")
            .jsonPath("$.admin").isEqualTo(true)
            .jsonPath("$.id").exists()
            .jsonPath("$.createdAt").exists()
            .jsonPath("$.password").doesNotExist();

        assertThat(this.users.verify("bob", "bob's long password").admin()).isTrue();
    }

    @Test
    void adminListsUsersWithoutPasswords() {
        this.users.create(new NewUserRequest("bob", "bob's long password", null));
        get("/users", admin())
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.length()").isEqualTo(2)
            .jsonPath("$[0].username").isEqualTo("alice")
            .jsonPath("$[1].username").isEqualTo("bob")
            .jsonPath("$[1].admin").isEqualTo(false)
            .jsonPath("$[0].passwordHash").doesNotExist();
    }

    @Test
    void onlyAdminsListOrCreateUsers() {
        String alice = this.tokens.issue("alice", false);
        get("/users", alice)
            .expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").isEqualTo("Only an administrator may list users; 'alice' is not one.");
        // refused before the request is even looked at
        post("/users", alice, Map.of("username", "X"))
            .expectStatus().isForbidden()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody().jsonPath("$.detail").value(String.class, (text) -> assertThat(text).contains("create users"));
        post("/users", this.tokens.issueForGateway(), Map.of("username", "eve", "password", "eve's long password"))
            .expectStatus().isForbidden();
        assertThat(this.users.list()).extracting(User::username).containsExactly("alice");
    }

    @Test
    void aTakenNameIsAConflict() {
        post("/users", admin(), Map.of("username", "alice", "password", "another long password"))
            .expectStatus().isEqualTo(409)
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.username").isEqualTo("alice")
            .jsonPath("$.detail").isEqualTo("A user named 'alice' already exists.");
        // the first alice keeps her password
        assertThat(this.users.verify("alice", ALICE_PASSWORD).username()).isEqualTo("alice");
    }

    @Test
    void invalidNewUsersAreBadRequestsNamingTheField() {
        Map<String, Map<String, Object>> invalid = Map.of(
                "username", Map.of("username", "Alice", "password", "a long enough password"),
                "password", Map.of("username", "carol", "password", "too short"));
        invalid.forEach((field, body) -> post("/users", admin(), body)
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo(field)
            .jsonPath("$.detail").value(String.class, (text) -> assertThat(text).contains(field)));
        post("/users", admin(), Map.of("username", "carol", "password", "x".repeat(129)))
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("password must have 12 to 128 characters");
        post("/users", admin(), Map.of("password", "a long enough password"))
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("username is required");
        post("/users", admin(), Map.of("username", "ab", "password", "a long enough password"))
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.field").isEqualTo("username");
        assertThat(this.users.list()).extracting(User::username).containsExactly("alice");
    }

    @Test
    void theServicesNamesAreReserved() {
        for (String service : List.of(InternalTokens.GATEWAY, "deployment-service", "machine-service")) {
            post("/users", admin(), Map.of("username", service, "password", "a long enough password"))
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.field").isEqualTo("username")
                .jsonPath("$.detail").value(String.class, (text) -> assertThat(text).contains("reserved"));
        }
        assertThat(this.users.list()).extracting(User::username).doesNotContain("deployment-service");
    }

    @Test
    void aUserChangesTheirPassword() {
        put("/users/me/password", this.tokens.issue("alice", false),
                Map.of("currentPassword", ALICE_PASSWORD, "newPassword", "alice's new password"))
            .expectStatus().isNoContent();

        assertThat(this.users.verify("alice", "alice's new password").username()).isEqualTo("alice");
        assertThatExceptionOfType(WrongCredentialsException.class)
            .isThrownBy(() -> this.users.verify("alice", ALICE_PASSWORD));
    }

    @Test
    void aWrongCurrentPasswordChangesNothing() {
        put("/users/me/password", this.tokens.issue("alice", false),
                Map.of("currentPassword", "not the password", "newPassword", "alice's new password"))
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo("currentPassword")
            .jsonPath("$.detail").isEqualTo("The current password is wrong.");
        // someone else's token cannot change alice's password, even knowing it: "me" is the token's user
        put("/users/me/password", this.tokens.issue("mallory", false),
                Map.of("currentPassword", ALICE_PASSWORD, "newPassword", "mallory's password"))
            .expectStatus().isUnauthorized();

        assertThat(this.users.verify("alice", ALICE_PASSWORD).username()).isEqualTo("alice");
    }

    @Test
    void aTooShortNewPasswordIsABadRequest() {
        put("/users/me/password", this.tokens.issue("alice", false),
                Map.of("currentPassword", ALICE_PASSWORD, "newPassword", "short"))
            .expectStatus().isBadRequest()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.field").isEqualTo("newPassword")
            .jsonPath("$.detail").isEqualTo("newPassword must have 12 to 128 characters");
        assertThat(this.users.verify("alice", ALICE_PASSWORD).username()).isEqualTo("alice");
    }

    @Test
    void malformedOrNullBodiesAreBadRequestProblems() {
        for (String body : List.of("{\"username\":", "null")) {
            this.client.post().uri("/users")
                .header("Authorization", "Bearer " + admin())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void withoutATokenEveryEndpointAnswers401() {
        this.client.get().uri("/users").exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        this.client.post().uri("/users").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("username", "eve", "password", "eve's long password", "admin", true))
            .exchange()
            .expectStatus().isUnauthorized();
        this.client.put().uri("/users/me/password").contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("currentPassword", ALICE_PASSWORD, "newPassword", "eve's long password"))
            .exchange()
            .expectStatus().isUnauthorized();
        assertThat(this.users.list()).extracting(User::username).containsExactly("alice");
    }

    private String admin() {
        return this.tokens.issue("root", true);
    }

    private RestTestClient.ResponseSpec get(String path, String token) {
        return this.client.get().uri(path).header("Authorization", "Bearer " + token).exchange();
    }

    private RestTestClient.ResponseSpec post(String path, String token, Map<String, ?> body) {
        return this.client.post().uri(path)
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .body(new HashMap<>(body))
            .exchange();
    }

    private RestTestClient.ResponseSpec put(String path, String token, Map<String, ?> body) {
        return this.client.put().uri(path)
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .exchange();
    }

}
