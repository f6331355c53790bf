package io.iotdeploy.deployment.desired;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface DesiredDeploymentRepository extends JpaRepository<DesiredDeployment, Long> {

    /** The application's deployments, newest first: per device the first one that selects it wins. */
    List<DesiredDeployment> findByApplicationIdOrderByIdDesc(long applicationId);

    Optional<DesiredDeployment> findByIdAndApplicationId(long id, long applicationId);

    /** Every application that has a deployment: what the reconciler's steady pass goes through. */
    @Query("select distinct d.applicationId from DesiredDeployment d order by d.applicationId")
    List<Long> applicationIds();

    /** The owner's applications that have a deployment (Application is the release package's entity). */
    @Query("""
            select distinct d.applicationId from DesiredDeployment d, Application a
            where a.id = d.applicationId and a.owner = :owner order by d.applicationId""")
    List<Long> applicationIdsOf(@org.springframework.data.repository.query.Param("owner") String owner);

}
