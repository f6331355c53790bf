package io.iotdeploy.machine.device;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An IPv4 or IPv6 literal or a DNS name ({@link DeviceAddress}); {@code null} and blank are left to others. */
@Documented
@Constraint(validatedBy = ValidAddress.Validator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@interface ValidAddress {

    String message() default "must be an IPv4 or IPv6 address or a DNS name of at most " + DeviceAddress.MAX_LENGTH
            + " characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidAddress, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isBlank() || DeviceAddress.isValid(value);
        }

    }

}
