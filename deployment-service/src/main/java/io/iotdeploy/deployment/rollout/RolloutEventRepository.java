package io.iotdeploy.deployment.rollout;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface RolloutEventRepository extends JpaRepository<RolloutEvent, Long> {

    List<RolloutEvent> findByDeploymentIdOrderById(long deploymentId);

}
