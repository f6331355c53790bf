package io.iotdeploy.web.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The public API's description at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI iotDeployApi() {
        return new OpenAPI()
            .info(new Info().title("IoT Deploy")
                .version("v1")
                .description("Deploy applications to IoT devices: upload a jar or war with its settings, the platform "
                        + "builds an image for the device's architecture, pushes it to the private registry and "
                        + "runs it on the device. Sign in with POST /api/session (browser; state-changing requests "
                        + "carry the XSRF-TOKEN cookie's value in X-XSRF-TOKEN), or send an API token "
                        + "(Authorization: Bearer iotd_…, made at /api/tokens) or HTTP Basic credentials with every "
                        + "request (pipelines). Too many failed sign-ins are a 429 with Retry-After. Errors are "
                        + "RFC 9457 problem details."))
            .components(new Components()
                .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                .addSecuritySchemes("apiToken", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("An API token, iotd_ and 43 base64url characters"))
                .addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                    .in(SecurityScheme.In.COOKIE)
                    .name("JSESSIONID")))
            .addSecurityItem(new SecurityRequirement().addList("apiToken"))
            .addSecurityItem(new SecurityRequirement().addList("basic"))
            .addSecurityItem(new SecurityRequirement().addList("session"));
    }

}
