package io.iotdeploy.web.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the gateway as a problem detail. Services' problems ({@link ServiceProblemException}) and the
 * flow's own ({@code ErrorResponseException}) are handled by the base class as they are.
 */
@RestControllerAdvice
class GatewayProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblemAdvice.class);

    private final WebServiceProperties properties;

    GatewayProblemAdvice(WebServiceProperties properties) {
        this.properties = properties;
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "the upload is larger than the limit of " + readable(this.properties.upload().maxSize()));
        problem.setTitle("Upload too large");
        problem.setProperty("step", "upload");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }

    private static String readable(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
            return size.toMegabytes() + "MB";
        }
        return (bytes % DataSize.ofKilobytes(1).toBytes() == 0) ? size.toKilobytes() + "KB" : bytes + "B";
    }

    @ExceptionHandler(MultipartException.class)
    ProblemDetail malformedUpload(MultipartException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the upload is not a readable multipart/form-data request: " + ex.getMostSpecificCause().getMessage());
        problem.setTitle("Malformed upload");
        problem.setProperty("step", "upload");
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception ex) {
        log.error("Unexpected failure", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "web-service failed unexpectedly (" + ex.getClass().getSimpleName() + "); its log has the details");
        problem.setTitle("Internal error");
        return problem;
    }

}
