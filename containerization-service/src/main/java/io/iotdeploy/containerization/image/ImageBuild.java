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
 * @param layersPushed  layers the repository did not have before (the image config not counted): 0 when nothing
 *                      changed, 1 when only the application changed. With run commands the engine's count of
 *                      uploaded layers; without, the registry's answer (layers no earlier image of the repository
 *                      for this platform had)
 * @param buildMillis   with run commands, the engine build (base pull included); without, jib's whole time: it
 *                      pulls, assembles and pushes at once, so its pushing is in here too
 * @param pushMillis    with run commands, the engine push; without, the registry's answer on what was added; both
 *                      with the update of the manifest list
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
