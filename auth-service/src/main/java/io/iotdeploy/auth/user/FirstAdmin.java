package io.iotdeploy.auth.user;

import io.iotdeploy.auth.AuthServiceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the administrator {@code admin} on a fresh installation, from {@code IOTDEPLOY_ADMIN_PASSWORD}
 * (which the launcher generates on the first {@code up}); without it nobody could ever log in.
 */
@Component
class FirstAdmin implements ApplicationRunner {

    private static final Logger logger = LoggerFactory.getLogger(FirstAdmin.class);

    private final UserService users;

    private final AuthServiceProperties.Admin admin;

    FirstAdmin(UserService users, AuthServiceProperties properties) {
        this.users = users;
        this.admin = properties.admin();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!this.users.isEmpty()) {
            return;
        }
        if (!this.admin.hasPassword()) {
            logger.warn("There are no users and IOTDEPLOY_ADMIN_PASSWORD (auth-service.admin.password) is not set: "
                    + "nobody can log in. Set it and restart auth-service to create the administrator '"
                    + UserService.FIRST_ADMIN + "'.");
            return;
        }
        try {
            if (this.users.createFirstAdmin(this.admin.password())) {
                logger.info("Created the first administrator '{}' with the password from IOTDEPLOY_ADMIN_PASSWORD",
                        UserService.FIRST_ADMIN);
            }
        }
        catch (InvalidUserRequestException ex) {
            throw new IllegalStateException("Cannot create the first administrator: IOTDEPLOY_ADMIN_PASSWORD "
                    + "(auth-service.admin.password) " + ex.reason(), ex);
        }
    }

}
