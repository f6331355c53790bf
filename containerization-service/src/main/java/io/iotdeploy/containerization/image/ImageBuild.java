package io.iotdeploy.containerization.image;

/**
 * The answer of {@code POST /images}.
 *
 * @param image         the multi-architecture tag that devices pull, {@code <private registry>/<user>/<name>:<tag>}:
 *                      a manifest list with an entry per platform built so far, each device's engine picks its own
 * @param platformImage this platform's image alone, {@code <image>-<arch>}, e.g. {@code …:1a2b3c4d5e6f7a8b-arm64}
 * @param digest        the manifest digest of this platform's image (the list's entry for it)
 * @param platform      the platform it is for, e.g. {@code linux/arm64}
 * @param built         whether it was built now; {@code false} when the registry already had it
 * @param pushed        whether it was pushed now
 * @param layersPushed  layers uploaded to the registry (the image config not counted): 0 when nothing changed, 1
 *                      when only the application changed
 * @param buildMillis   with run commands, the engine build (base pull included); without, jib's time until its
 *                      first upload to the private registry begins. jib pulls, assembles and pushes concurrently, so
 *                      the split is approximate; their sum is the whole time
 * @param pushMillis    with run commands, the engine push; without, the time from jib's first upload to the end;
 *                      both with the update of the manifest list
 * @param dockerfile    the generated Dockerfile for an image with run commands, {@code null} without
 */
record ImageBuild(String image, String platformImage, String digest, String platform, boolean built, boolean pushed,
        int layersPushed, long buildMillis, long pushMillis, String dockerfile) {

    static ImageBuild existing(String image, String platformImage, String digest, String platform,
            String dockerfile) {
        return new ImageBuild(image, platformImage, digest, platform, false, false, 0, 0, 0, dockerfile);
    }

    static ImageBuild pushed(String image, String platformImage, String platform, PushedImage pushed,
            String dockerfile) {
        return new ImageBuild(image, platformImage, pushed.digest(), platform, true, true, pushed.layersPushed(),
                pushed.buildMillis(), pushed.pushMillis(), dockerfile);
    }

}
