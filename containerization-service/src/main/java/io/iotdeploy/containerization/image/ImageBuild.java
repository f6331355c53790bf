package io.iotdeploy.containerization.image;

/**
 * The answer of {@code POST /images}.
 *
 * @param image        where the image is: {@code <private registry>/<user>/<name>:<tag>}
 * @param digest       the manifest digest in the private registry
 * @param platform     the platform it is for, e.g. {@code linux/arm64}
 * @param built        whether it was built now; {@code false} when the registry already had this tag
 * @param pushed       whether it was pushed now
 * @param layersPushed layers uploaded to the registry (the image config not counted): 0 when nothing changed, 1
 *                     when only the application changed
 * @param buildMillis  with run commands, the engine build (base pull included); without, jib's time until its first
 *                     upload to the private registry begins. jib pulls, assembles and pushes concurrently, so the
 *                     split is approximate; their sum is the whole time
 * @param pushMillis   with run commands, the engine push; without, the time from jib's first upload to the end
 * @param dockerfile   the generated Dockerfile for an image with run commands, {@code null} without
 */
record ImageBuild(String image, String digest, String platform, boolean built, boolean pushed, int layersPushed,
        long buildMillis, long pushMillis, String dockerfile) {

    static ImageBuild existing(String image, String digest, String platform, String dockerfile) {
        return new ImageBuild(image, digest, platform, false, false, 0, 0, 0, dockerfile);
    }

    static ImageBuild pushed(String image, String platform, PushedImage pushed, String dockerfile) {
        return new ImageBuild(image, pushed.digest(), platform, true, true, pushed.layersPushed(),
                pushed.buildMillis(), pushed.pushMillis(), dockerfile);
    }

}
