package io.iotdeploy.device;

import java.util.Map;

import io.iotdeploy.token.CurrentUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerLabelsTests {

    private final CurrentUser alice = new CurrentUser("alice", false);

    private final CurrentUser admin = new CurrentUser("admin", true);

    @Test
    void aContainerThePlatformMadeIsSeenByItsOwnerOnly() {
        Map<String, String> bobs = ContainerLabels.managed("bob", "registry/bob/app:1");
        assertThat(ContainerLabels.isVisibleTo(bobs, new CurrentUser("bob", false))).isTrue();
        assertThat(ContainerLabels.isVisibleTo(bobs, this.alice)).isFalse();
        assertThat(ContainerLabels.isVisibleTo(bobs, this.admin)).isFalse();
    }

    @Test
    void aContainerMadeByHandIsSeenByTheDevicesUser() {
        assertThat(ContainerLabels.isVisibleTo(Map.of(), this.alice)).isTrue();
        assertThat(ContainerLabels.isVisibleTo(null, this.alice)).isTrue();
        assertThat(ContainerLabels.isVisibleTo(Map.of("maintainer", "someone"), this.alice)).isTrue();
    }

    @Test
    void platformLabelsWithoutAnOwnerAreForAdministratorsOnly() {
        Map<String, String> ownerless = Map.of(ContainerLabels.MANAGED, "true");
        assertThat(ContainerLabels.isVisibleTo(ownerless, this.alice)).isFalse();
        assertThat(ContainerLabels.isVisibleTo(ownerless, this.admin)).isTrue();
        assertThat(ContainerLabels.isVisibleTo(Map.of(ContainerLabels.PREFIX + "anything", "x"), this.alice)).isFalse();
    }

    @Test
    void managedMeansThePlatformMadeIt() {
        assertThat(ContainerLabels.isManaged(ContainerLabels.managed("alice", "img"))).isTrue();
        assertThat(ContainerLabels.isManaged(Map.of(ContainerLabels.OWNER, "alice"))).isFalse();
        assertThat(ContainerLabels.isManaged(null)).isFalse();
    }

}
