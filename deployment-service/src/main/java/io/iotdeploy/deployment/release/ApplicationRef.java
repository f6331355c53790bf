package io.iotdeploy.deployment.release;

/** An application as the rest of deployment-service names it: its id, its owner and its name. */
public record ApplicationRef(long id, String owner, String name) {

    static ApplicationRef of(Application application) {
        return new ApplicationRef(application.id(), application.owner(), application.name());
    }

}
