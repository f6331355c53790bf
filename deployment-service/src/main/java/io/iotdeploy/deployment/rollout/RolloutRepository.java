package io.iotdeploy.deployment.rollout;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface RolloutRepository extends JpaRepository<Rollout, Long> {

    List<Rollout> findByDeploymentIdIn(Collection<Long> deploymentIds);

    List<Rollout> findByStatusIn(Collection<String> statuses);

}
