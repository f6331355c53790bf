package io.iotdeploy.benchmarks;

/** The steps of a deployment as the thesis splits them (Tables A.1–A.5); a deployment ends with the container created. */
enum Step {

    OVERALL("overall"), CREATE_IMAGE("create image"), PUSH("push"), PULL("pull"), CREATE_CONTAINER("create container");

    final String label;

    Step(String label) {
        this.label = label;
    }

}
