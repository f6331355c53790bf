package io.iotdeploy.containerization.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.cloud.tools.jib.api.ImageReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ImageRecipeTests {

    private static final ImageReference BASE = BaseImages.resolve("base/java:17", "10.77.0.1:5001");

    @TempDir
    Path dir;

    @Test
    void theDockerfileIsTheThesisListing() {
        ImageRecipe recipe = new ImageRecipe("admin", "sensor_collector", BASE,
                List.of("apt-get update", "echo hello > /hello.txt"), "linux/amd64", AppArchive.JAR);
        assertThat(recipe.dockerfile()).isEqualTo("""
                FROM 10.77.0.1:5001/base/java:17
                RUN apt-get update
                RUN echo hello > /hello.txt
                ADD app.jar /app/app.jar
                ENTRYPOINT ["java","-jar","/app/app.jar"]
                """);
    }

    @Test
    void theTagIsSixteenHexDigitsThatChangeWithEverySetting() throws IOException {
        Path app = Files.writeString(this.dir.resolve("app.jar"), "application v1");
        ImageRecipe recipe = new ImageRecipe("admin", "app", BASE, List.of(), "linux/amd64", AppArchive.JAR);
        String tag = recipe.tag(app);
        assertThat(tag).matches("[0-9a-f]{16}");
        assertThat(recipe.tag(app)).isEqualTo(tag);
        assertThat(recipe.target("10.77.0.1:5000", tag)).hasToString("10.77.0.1:5000/admin/app:" + tag);

        assertThat(new ImageRecipe("admin", "app", BASE, List.of("true"), "linux/amd64", AppArchive.JAR).tag(app))
            .isNotEqualTo(tag);
        assertThat(new ImageRecipe("admin", "app", BaseImages.resolve("base/java-build:17", "10.77.0.1:5001"),
                List.of(), "linux/amd64", AppArchive.JAR).tag(app)).isNotEqualTo(tag);
        assertThat(new ImageRecipe("admin", "app", BASE, List.of(), "linux/amd64", AppArchive.WAR).tag(app))
            .isNotEqualTo(tag);
        Files.writeString(app, "application v2");
        assertThat(recipe.tag(app)).isNotEqualTo(tag);
    }

    @Test
    void everyPlatformHasTheSameTagAndItsOwnImageBesideIt() throws IOException {
        Path app = Files.writeString(this.dir.resolve("app.jar"), "application v1");
        ImageRecipe amd64 = new ImageRecipe("admin", "app", BASE, List.of("true"), "linux/amd64", AppArchive.JAR);
        ImageRecipe arm64 = new ImageRecipe("admin", "app", BASE, List.of("true"), "linux/arm64", AppArchive.JAR);
        String tag = amd64.tag(app);
        assertThat(arm64.tag(app)).isEqualTo(tag);
        assertThat(arm64.target("10.77.0.1:5000", tag)).hasToString("10.77.0.1:5000/admin/app:" + tag);
        assertThat(amd64.platformTarget("10.77.0.1:5000", tag)).hasToString("10.77.0.1:5000/admin/app:" + tag + "-amd64");
        assertThat(arm64.platformTarget("10.77.0.1:5000", tag)).hasToString("10.77.0.1:5000/admin/app:" + tag + "-arm64");
        assertThat(new ImageRecipe("admin", "app", BASE, List.of(), "linux/arm/v7", AppArchive.JAR)
            .platformTarget("10.77.0.1:5000", tag)).hasToString("10.77.0.1:5000/admin/app:" + tag + "-arm-v7");
    }

    @Test
    void theApplicationNameIsLowerCasedForTheRepository() {
        assertThat(ImageRecipe.appName("admin", "Sensor_Collector")).isEqualTo("sensor_collector");
        assertThat(ImageRecipe.appName("admin", "my.app-2")).isEqualTo("my.app-2");
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "-app", "_app", "app/other", "app name", "app:1", "../etc", "app-", "app_-x",
            "app\nFROM" })
    void refusesNamesThatAreNoContainerOrRepositoryNames(String name) {
        assertThatExceptionOfType(ImageBuildException.class).isThrownBy(() -> ImageRecipe.appName("admin", name))
            .satisfies((ex) -> assertThat(ex.status().value()).isEqualTo(400));
    }

}
