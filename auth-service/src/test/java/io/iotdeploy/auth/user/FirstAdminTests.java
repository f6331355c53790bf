package io.iotdeploy.auth.user;

import io.iotdeploy.auth.AuthServiceProperties;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@SpringBootTest(properties = "auth-service.admin.password=" + FirstAdminTests.ADMIN_PASSWORD)
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstAdminTests {

    static final String ADMIN_PASSWORD = "first admin's password";

    private final UserService users;

    private final JdbcClient jdbc;

    @Autowired
    FirstAdminTests(UserService users, JdbcClient jdbc) {
        this.users = users;
        this.jdbc = jdbc;
    }

    @Test
    @Order(1)
    void aFreshInstallationStartsWithTheAdministrator(CapturedOutput output) {
        assertThat(this.users.list()).singleElement().satisfies((user) -> {
            assertThat(user.username()).isEqualTo("admin");
            assertThat(user.admin()).isTrue();
        });
        assertThat(this.users.verify("admin", ADMIN_PASSWORD).admin()).isTrue();
        assertThat(output).contains("Created the first administrator 'admin'").doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void withoutAPasswordItWarnsThatNobodyCanLogIn(CapturedOutput output) {
        this.jdbc.sql("DELETE FROM users").update();
        firstAdmin(null).run(null);
        assertThat(this.users.isEmpty()).isTrue();
        assertThat(output).contains("nobody can log in");
    }

    @Test
    void anInstallationWithUsersIsLeftAlone() {
        this.jdbc.sql("DELETE FROM users").update();
        this.users.create(new NewUserRequest("alice", "alice's long password", false));
        firstAdmin("another admin password").run(null);
        assertThat(this.users.list()).extracting(User::username).containsExactly("alice");
    }

    @Test
    void aTooShortPasswordStopsTheServiceWithoutShowingIt(CapturedOutput output) {
        this.jdbc.sql("DELETE FROM users").update();
        assertThatIllegalStateException().isThrownBy(() -> firstAdmin("sesame").run(null))
            .withMessageContaining("IOTDEPLOY_ADMIN_PASSWORD")
            .withMessageContaining("must have 12 to 128 characters")
            .withMessageNotContaining("sesame");
        assertThat(this.users.isEmpty()).isTrue();
    }

    private FirstAdmin firstAdmin(String password) {
        return new FirstAdmin(this.users, new AuthServiceProperties(new AuthServiceProperties.Password(1000),
                new AuthServiceProperties.Admin(password)));
    }

}
