package io.iotdeploy.system.dashboard;

import tools.jackson.databind.JsonNode;
import io.iotdeploy.device.TestGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API tokens page in a real browser against the running platform: a user creates a token (shown once, with a
 * curl example), a pipeline uses it, the user revokes it on the page and the pipeline is refused from then on.
 * Only the user {@code dash_tokens}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiTokensIntegrationTests {

    private static final String USER = "dash_tokens";

    @RegisterExtension
    static final Browser browser = new Browser();

    static TestGateway user;

    /** The secret the page showed. */
    static String secret;

    static String tokenId;

    @BeforeAll
    static void freshUserWithoutTokens() throws Exception {
        user = TestGateway.asAdmin().user(USER);
        // whatever an earlier run left: revoked with the password, as a person would on the page
        for (JsonNode token : user.get("/api/tokens").json()) {
            TestGateway.Response revoked = user.delete("/api/tokens/" + token.get("id").asLong());
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);
        }
    }

    @Test
    @Order(1)
    void theNavbarLeadsToAnEmptyTokensPage() {
        browser.open("/devices");
        if ("nav-logout".equals(browser.awaitOneOf("nav-logout", "login-username"))) {
            browser.click("nav-logout");
        }
        browser.type("login-username", USER);
        browser.type("login-password", user.password());
        browser.click("login-submit");
        browser.awaitText("nav-user", USER);

        browser.click("nav-tokens");

        assertThat(browser.route()).isEqualTo("/tokens");
        assertThat(browser.find("tokens-empty").getText()).contains("No tokens yet");
    }

    @Test
    @Order(2)
    void creatingATokenShowsItsSecretOnceWithACurlExample() {
        browser.type("token-create-name", "ci pipeline");
        browser.type("token-create-expiry", "30");
        browser.click("token-create-submit");

        secret = browser.find("token-secret").getDomProperty("value");
        assertThat(secret).matches("iotd_[A-Za-z0-9_-]{43}");
        assertThat(browser.text("token-curl")).contains("Authorization: Bearer " + secret).contains("/upload");
        tokenId = browser.find(By.cssSelector("[data-test='token-row'][data-token-name='ci pipeline']"))
            .getDomAttribute("data-token-id");
        assertThat(browser.text("token-prefix-" + tokenId)).isEqualTo(secret.substring(0, 13) + "…");
        assertThat(browser.text("token-last-used-" + tokenId)).isEqualTo("never");

        // once dismissed it is gone for good: the list never has it
        browser.click("token-dismiss");
        assertThat(browser.isShown("token-secret")).isFalse();
        assertThat(browser.find("tokens-table").getText()).doesNotContain(secret.substring(13));
    }

    @Test
    @Order(3)
    void aPipelineUsesTheTokenButCannotMakeTokensWithIt() throws Exception {
        TestGateway.Response devices = withToken("/api/devices");
        assertThat(devices.status()).as(devices.toString()).isEqualTo(200);

        TestGateway.Response tokens = withToken("/api/tokens");
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(403);
        assertThat(tokens.isProblem()).isTrue();
    }

    @Test
    @Order(4)
    void revokingAsksFirstThenThePipelineIsRefused() throws Exception {
        browser.open("/tokens");
        browser.click("token-revoke-" + tokenId);
        assertThat(browser.find("token-revoke-confirm-" + tokenId).getText()).isEqualTo("Yes, revoke");
        // nothing happens before the confirmation
        assertThat(withToken("/api/devices").status()).isEqualTo(200);

        browser.click("token-revoke-confirm-" + tokenId);

        browser.awaitGone("token-row");
        TestGateway.Response refused = withToken("/api/devices");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.json().get("detail").asString()).contains("was revoked");
    }

    private static TestGateway.Response withToken(String path) throws Exception {
        TestGateway anonymous = user.anonymous();
        return anonymous.send(anonymous.request(path).header("Authorization", "Bearer " + secret).GET().build());
    }

}
