package io.iotdeploy.deployment.desired;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface DeviceDeploymentRepository extends JpaRepository<DeviceDeployment, Long> {

    List<DeviceDeployment> findByDeploymentIdOrderByDeviceId(long deploymentId);

    List<DeviceDeployment> findByDeploymentIdIn(Collection<Long> deploymentIds);

    Optional<DeviceDeployment> findByDeploymentIdAndDeviceId(long deploymentId, long deviceId);

}
