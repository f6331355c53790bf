package io.iotdeploy.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A deployment asked for container settings the administrator's policy does not allow: 403, because the request
 * is well-formed and would work, but this caller may not have it (unlike a malformed setting, 400). The problem
 * names the first refused setting ({@code field}) and lists every one ({@code violations}: field, requested,
 * allowed).
 */
public class ContainerPolicyException extends ErrorResponseException {

    private final List<PolicyViolation> violations;

    ContainerPolicyException(List<PolicyViolation> violations, String step, String device) {
        super(HttpStatus.FORBIDDEN, problem(violations, step, device), null);
        this.violations = List.copyOf(violations);
    }

    public List<PolicyViolation> violations() {
        return this.violations;
    }

    private static ProblemDetail problem(List<PolicyViolation> violations, String step, String device) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                violations.stream().map(PolicyViolation::detail).collect(Collectors.joining("; ")));
        problem.setTitle("Container setting not allowed");
        problem.setProperty("field", violations.get(0).field());
        problem.setProperty("violations", violations.stream().map(ContainerPolicyException::describe).toList());
        if (device != null) {
            problem.setProperty("device", device);
        }
        problem.setProperty("step", step);
        return problem;
    }

    private static Map<String, String> describe(PolicyViolation violation) {
        Map<String, String> described = new LinkedHashMap<>();
        described.put("field", violation.field());
        described.put("requested", violation.requested());
        described.put("allowed", violation.allowed());
        return described;
    }

}
