package io.iotdeploy.machine.device;

import java.util.LinkedHashMap;
import java.util.Map;

import io.iotdeploy.device.AddressRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * machine-service's own errors (registering, onboarding) as problem details; an unknown or unreachable device is
 * device-client's {@code DeviceProblemAdvice}'s. A 400 names the field that was wrong ({@code field}, and every
 * wrong field with its message in {@code errors}) so that the dashboard can point at it.
 */
@RestControllerAdvice
class DeviceRegistrationProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeviceRegistrationProblemAdvice.class);

    @ExceptionHandler
    ProblemDetail duplicate(DuplicateDeviceException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
        problem.setTitle("Device already registered");
        problem.setProperty("device", ex.existing().name());
        problem.setProperty("address", ex.existing().address());
        problem.setProperty("port", ex.existing().port());
        problem.setProperty("id", ex.existing().id());
        return problem;
    }

    /** 422: the address is well-formed, but the platform does not reach devices there. */
    @ExceptionHandler
    ProblemDetail addressRefused(AddressRefusedException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
        problem.setTitle("Device address refused");
        problem.setProperty("field", "address");
        problem.setProperty("address", ex.address());
        problem.setProperty("port", ex.port());
        problem.setProperty("rule", ex.rule().id());
        problem.setProperty("refusedAddress", ex.refusedAddress());
        return problem;
    }

    /** 503: the platform's CA or client certificate is missing; the detail names the file and the fix. */
    @ExceptionHandler
    ProblemDetail platformPki(PlatformPkiException ex) {
        log.error(ex.getMessage(), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle("Platform certificates not available");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.putIfAbsent(error.getField(), error.getDefaultMessage());
        }
        ProblemDetail problem = ex.getBody();
        problem.setTitle("Invalid request");
        if (!errors.isEmpty()) {
            Map.Entry<String, String> first = errors.entrySet().iterator().next();
            problem.setDetail(first.getKey() + " " + first.getValue() + ".");
            problem.setProperty("field", first.getKey());
            problem.setProperty("errors", errors);
        }
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** A field of the wrong type ({@code "port": "abc"}) or JSON that does not parse, of any request (a group too). */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                "The request body is not the JSON this request takes.");
        problem.setTitle("Invalid request");
        if (ex.getCause() instanceof JacksonException json) {
            // the innermost field: for an element of a list ("devices": ["three"]), the list's
            String field = null;
            for (int i = json.getPath().size() - 1; i >= 0 && field == null; i--) {
                field = json.getPath().get(i).getPropertyName();
            }
            if (field != null) {
                problem.setDetail(field + " has the wrong type or format.");
                problem.setProperty("field", field);
            }
        }
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

}
