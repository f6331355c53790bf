package io.iotdeploy.deployment.release;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApplicationRepository extends JpaRepository<Application, Long> {

    Optional<Application> findByOwnerAndName(String owner, String name);

    /** The owner's applications by name, each with its latest release's number and time (none before the first). */
    @Query("""
            select new io.iotdeploy.deployment.release.ApplicationResponse(a.name, a.owner, a.createdAt,
                max(r.number), max(r.createdAt))
            from Application a left join Release r on r.application = a
            where a.owner = :owner
            group by a.id, a.name, a.owner, a.createdAt
            order by a.name""")
    List<ApplicationResponse> summaries(@Param("owner") String owner);

    @Query("""
            select new io.iotdeploy.deployment.release.ApplicationResponse(a.name, a.owner, a.createdAt,
                max(r.number), max(r.createdAt))
            from Application a left join Release r on r.application = a
            where a.owner = :owner and a.name = :name
            group by a.id, a.name, a.owner, a.createdAt""")
    Optional<ApplicationResponse> summary(@Param("owner") String owner, @Param("name") String name);

}
