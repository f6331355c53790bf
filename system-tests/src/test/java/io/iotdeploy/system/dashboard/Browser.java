package io.iotdeploy.system.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a headless Chromium (Debian's {@code chromium} and {@code chromedriver}, which the launcher
 * installs; nothing is downloaded), found by the {@code data-test} ids the pages carry.
 * <p>
 * A JUnit extension: registered as a static field it starts one browser with a fresh profile for the test
 * class, saves the page as {@code target/screenshots/<TestClass>-<test>.png} after every test, passed or
 * failed, and quits at the end. Every look-up waits explicitly: the pages fill in after their requests answer.
 */
public final class Browser implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** How long a page may take to show what a test expects; a deploy passes its own, longer patience. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final URI base = URI.create(withSlash(System.getenv().getOrDefault("IOTDEPLOY_GATEWAY", "http://127.0.0.1:8080")));

    private final String chromium = System.getProperty("iotdeploy.chromium", "/usr/bin/chromium");

    private final String chromedriver = System.getProperty("iotdeploy.chromedriver", "/usr/bin/chromedriver");

    private ChromeDriver driver;

    private Path profile;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        for (String executable : new String[] { this.chromium, this.chromedriver }) {
            if (!Files.isExecutable(Path.of(executable))) {
                throw new IllegalStateException(executable + " is missing: the dashboard tests drive Debian's chromium "
                        + "(apt-get install chromium chromium-driver; ./iotdeploy up installs them)");
            }
        }
        this.profile = Files.createTempDirectory("iotdeploy-chromium-");
        Files.createDirectories(SCREENSHOTS);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(this.chromedriver))
            .usingAnyFreePort()
            .withLogFile(Path.of("target", "chromedriver.log").toFile())
            .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(this.chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + this.profile);
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        screenshot(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (this.driver != null) {
                this.driver.quit();
            }
        }
        finally {
            this.driver = null;
            deleteProfile();
        }
    }

    /** Opens a page of the dashboard by its route, e.g. {@code /devices/3}. */
    public void open(String route) {
        this.driver.get(this.base.resolve("#!" + route).toString());
    }

    /** The dashboard's route now shown, e.g. {@code /devices/3/deploy}. */
    public String route() {
        String url = this.driver.getCurrentUrl();
        int hash = (url != null) ? url.indexOf("#!") : -1;
        return (hash >= 0) ? url.substring(hash + 2) : "";
    }

    public static By test(String id) {
        return By.cssSelector("[data-test='" + id + "']");
    }

    /** The visible element with that {@code data-test} id, once it is there. */
    public WebElement find(String id) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(test(id)));
    }

    public WebElement find(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public boolean isShown(String id) {
        List<WebElement> found = this.driver.findElements(test(id));
        try {
            return !found.isEmpty() && found.get(0).isDisplayed();
        }
        catch (StaleElementReferenceException ex) {
            return false;
        }
    }

    public void click(String id) {
        waitUntil(ExpectedConditions.elementToBeClickable(test(id))).click();
    }

    /** Replaces what the field holds with {@code text}. */
    public void type(String id, String text) {
        WebElement field = find(id);
        field.clear();
        field.sendKeys(text);
    }

    /** Chooses a file for an {@code <input type="file">}, as picking it in the file dialog would. */
    public void chooseFile(String id, Path file) {
        waitUntil(ExpectedConditions.presenceOfElementLocated(test(id))).sendKeys(file.toAbsolutePath().toString());
    }

    public void select(String id, String value) {
        new Select(find(id)).selectByValue(value);
    }

    /** The element's visible text, read again if AngularJS re-rendered it meanwhile. */
    public String text(String id) {
        return waitUntil((driver) -> driver.findElement(test(id)).getText().trim());
    }

    /** What a form field holds now (its {@code value} property). */
    public String value(String id) {
        return waitUntil((driver) -> driver.findElement(test(id)).getDomProperty("value"));
    }

    public boolean isSelected(String id) {
        return waitUntil((driver) -> driver.findElement(test(id)).isSelected());
    }

    public String attribute(String id, String attribute) {
        return waitUntil((driver) -> driver.findElement(test(id)).getDomAttribute(attribute));
    }

    /** Waits until the element's text is {@code expected}; returns it. */
    public String awaitText(String id, String expected) {
        return awaitText(id, expected, PATIENCE);
    }

    public String awaitText(String id, String expected, Duration patience) {
        return awaitTextMatching(id, (text) -> text.equals(expected), "'" + expected + "'", patience);
    }

    public String awaitTextContaining(String id, String expected) {
        return awaitTextMatching(id, (text) -> text.contains(expected), "a text containing '" + expected + "'", PATIENCE);
    }

    /** Waits until the element's text matches the regular expression; returns it. */
    public String awaitTextMatching(String id, String regex) {
        return awaitTextMatching(id, (text) -> text.matches(regex), "a text matching " + regex, PATIENCE);
    }

    private String awaitTextMatching(String id, Predicate<String> test, String what, Duration patience) {
        String[] last = { null };
        try {
            return wait(patience).until((driver) -> {
                last[0] = driver.findElement(test(id)).getText().trim();
                return test.test(last[0]) ? last[0] : null;
            });
        }
        catch (TimeoutException ex) {
            throw new AssertionError("[data-test=" + id + "] shows " + ((last[0] != null) ? "'" + last[0] + "'" : "nothing")
                    + ", not " + what + ", after " + patience.toSeconds() + " s on " + route(), ex);
        }
    }

    /** Waits until the element's attribute is {@code expected}. */
    public void awaitAttribute(String id, String attribute, String expected, Duration patience) {
        String[] last = { null };
        try {
            wait(patience).until((driver) -> {
                last[0] = driver.findElement(test(id)).getDomAttribute(attribute);
                return expected.equals(last[0]);
            });
        }
        catch (TimeoutException ex) {
            throw new AssertionError("[data-test=" + id + "] has " + attribute + "=" + last[0] + ", not " + expected
                    + ", after " + patience.toSeconds() + " s on " + route(), ex);
        }
    }

    /** The status the gateway answers a GET of {@code path} from this browser, with its cookies (its session). */
    public int statusOf(String path) {
        Object status = ((JavascriptExecutor) this.driver).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                fetch(arguments[0], { headers: { 'X-Requested-With': 'XMLHttpRequest' }, credentials: 'same-origin' })
                    .then(function (response) { done(response.status); }, function () { done(0); });
                """, path);
        return ((Number) status).intValue();
    }

    /** Waits until the element (a button, a field) is enabled, or disabled. */
    public void awaitEnabled(String id, boolean enabled) {
        try {
            waitUntil((driver) -> driver.findElement(test(id)).isEnabled() == enabled);
        }
        catch (TimeoutException ex) {
            throw new AssertionError("[data-test=" + id + "] is not " + (enabled ? "enabled" : "disabled") + " after "
                    + PATIENCE.toSeconds() + " s on " + route(), ex);
        }
    }

    /** Waits until no element with that id is on the page any more. */
    public void awaitGone(String id) {
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(test(id)));
    }

    /** Waits until the first of these ids shows, and says which one did. */
    public String awaitOneOf(String... ids) {
        return waitUntil((driver) -> Stream.of(ids).filter(this::isShown).findFirst().orElse(null));
    }

    public <T> T waitUntil(Function<? super WebDriver, T> condition) {
        return wait(PATIENCE).until(condition);
    }

    public WebDriverWait wait(Duration patience) {
        WebDriverWait wait = new WebDriverWait(this.driver, patience, Duration.ofMillis(200));
        // AngularJS replaces the elements of a list when it renders it again
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
        return wait;
    }

    public WebDriver driver() {
        return this.driver;
    }

    /** Saves the page as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".png");
        if (this.driver == null) {
            return file;
        }
        try {
            Files.write(file, fullPage());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot save the screenshot " + file, ex);
        }
        return file;
    }

    /** The whole page, not only the window: forms and tables run longer than 900 pixels. */
    @SuppressWarnings("unchecked")
    private byte[] fullPage() {
        try {
            Map<String, Object> metrics = this.driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"),
                    "scale", 1);
            Map<String, Object> shot = this.driver.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            return Base64.getDecoder().decode((String) shot.get("data"));
        }
        catch (RuntimeException ex) {
            // what the window shows is better than nothing
            return this.driver.getScreenshotAs(OutputType.BYTES);
        }
    }

    private void deleteProfile() throws IOException {
        if (this.profile == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(this.profile)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        this.profile = null;
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

}
