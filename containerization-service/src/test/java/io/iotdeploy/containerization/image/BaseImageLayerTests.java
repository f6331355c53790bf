package io.iotdeploy.containerization.image;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

class BaseImageLayerTests {

    @TempDir
    Path dir;

    @Test
    void theRootFileSystemIsTheLayerAsItIsGzipped() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-amd64.tar"));

        BaseImageLayer layer = BaseImageLayer.compress(rootfs, null);

        assertThat(layer.file()).hasParent(this.dir).isNotEqualTo(rootfs);
        byte[] compressed = Files.readAllBytes(layer.file());
        assertThat(TestRootfs.gunzip(compressed)).isEqualTo(Files.readAllBytes(rootfs));
        assertThat(layer.diffId()).isEqualTo(RegistryClient.sha256(Files.readAllBytes(rootfs)));
        assertThat(layer.digest()).isEqualTo(RegistryClient.sha256(compressed));
        assertThat(layer.size()).isEqualTo(compressed.length);
        // no date and no file name in the gzip header: the same root file system makes the same blob
        assertThat(Arrays.copyOfRange(compressed, 3, 9)).containsOnly(0);
        assertThat(BaseImageLayer.compress(rootfs, null).digest()).isEqualTo(layer.digest());
    }

    @Test
    void aMarkerMakesANewLayerOfTheSameFilesWithTheMarkerFirst() throws Exception {
        Path rootfs = TestRootfs.write(this.dir.resolve("java-17-amd64.tar"));
        BaseImageLayer plain = BaseImageLayer.compress(rootfs, null);

        BaseImageLayer marked = BaseImageLayer.compress(rootfs, "benchmark 42");

        assertThat(marked.digest()).isNotEqualTo(plain.digest());
        byte[] tar = TestRootfs.gunzip(marked.file());
        assertThat(marked.diffId()).isEqualTo(RegistryClient.sha256(tar));
        assertThat(TestRootfs.entries(tar)).containsExactly(
                entry("./etc/iotdeploy-base-id", "benchmark 42\n"),
                entry("./etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"),
                entry("./bin", "-> usr/bin"),
                entry("./usr/bin/java", "#!/bin/sh\necho 'openjdk version \"17\"'\n"));
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry marker = in.getNextEntry();
            assertThat(marker.getMode()).isEqualTo(0644);
            assertThat(marker.getLongUserId()).isZero();
            assertThat(marker.getLongGroupId()).isZero();
            assertThat(marker.getModTime().getTime()).isZero();
            assertThat(marker.isCheckSumOK()).isTrue();
        }
        // the root file system follows byte for byte
        byte[] rest = Arrays.copyOfRange(tar, 1024, tar.length);
        assertThat(rest).isEqualTo(Files.readAllBytes(rootfs));
    }

    @Test
    void aLongMarkerTakesAsManyBlocksAsItNeeds() throws Exception {
        String marker = "m".repeat(600);
        byte[] entry = BaseImageLayer.markerEntry(marker);
        assertThat(entry).hasSize(512 + 1024);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(entry))) {
            TarArchiveEntry read = in.getNextEntry();
            assertThat(read.getName()).isEqualTo(BaseImageLayer.MARKER_FILE);
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(marker + "\n");
        }
    }

}
