package io.iotdeploy.deployment.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Image;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageOwnershipTests {

    private final ImageOwnership ownership = new ImageOwnership("10.77.0.1:5000");

    @Test
    void theRepositoryUnderTheRegistryNamesTheOwner() {
        assertThat(this.ownership.ownerOf("10.77.0.1:5000/alice/sensor:abc")).isEqualTo("alice");
        assertThat(this.ownership.ownerOf("10.77.0.1:5000/alice/sensor@sha256:00")).isEqualTo("alice");
        assertThat(this.ownership.ownerOf("10.77.0.1:50001/alice/sensor:abc")).isNull();
        assertThat(this.ownership.ownerOf("10.77.0.1:5000/sensor:abc")).isNull();
        assertThat(this.ownership.ownerOf("debian:bookworm")).isNull();
    }

    @Test
    void anotherUsersImageIsNotVisible() throws Exception {
        Image bobs = image("[\"10.77.0.1:5000/bob/app:1\"]", "[\"10.77.0.1:5000/bob/app@sha256:11\"]");
        assertThat(this.ownership.isVisibleTo(bobs, "alice")).isFalse();
        assertThat(this.ownership.isVisibleTo(bobs, "bob")).isTrue();
    }

    @Test
    void anImageMadeByHandBelongsToTheDevice() throws Exception {
        Image byHand = image("[\"debian:bookworm\"]", null);
        assertThat(this.ownership.isVisibleTo(byHand, "alice")).isTrue();
        assertThat(this.ownership.visibleTags(byHand, "alice")).containsExactly("debian:bookworm");
    }

    @Test
    void aSharedImageShowsOnlyTheCallersNames() throws Exception {
        Image shared = image("[\"10.77.0.1:5000/alice/app:1\", \"10.77.0.1:5000/bob/secret-project:1\"]",
                "[\"10.77.0.1:5000/bob/secret-project@sha256:22\"]");
        assertThat(this.ownership.isVisibleTo(shared, "alice")).isTrue();
        assertThat(this.ownership.visibleTags(shared, "alice")).containsExactly("10.77.0.1:5000/alice/app:1");
        assertThat(this.ownership.ownReferences(shared, "bob")).containsExactly(
                "10.77.0.1:5000/bob/secret-project:1", "10.77.0.1:5000/bob/secret-project@sha256:22");
        assertThat(this.ownership.owners(shared)).containsExactly("alice", "bob");
    }

    private static Image image(String repoTags, String repoDigests) throws Exception {
        return new ObjectMapper().readValue("{\"Id\": \"sha256:aa\", \"RepoTags\": " + repoTags + ", \"RepoDigests\": "
                + repoDigests + "}", Image.class);
    }

}
