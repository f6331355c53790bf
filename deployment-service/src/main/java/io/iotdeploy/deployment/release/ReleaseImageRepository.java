package io.iotdeploy.deployment.release;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface ReleaseImageRepository extends JpaRepository<ReleaseImage, Long> {

    Optional<ReleaseImage> findByReleaseAndPlatform(Release release, String platform);

}
