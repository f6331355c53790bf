package io.iotdeploy.containerization.image;

/**
 * An image that was built and is now in the private registry.
 *
 * @param digest       its manifest digest
 * @param layersPushed see {@link ImageBuild#layersPushed()}
 * @param buildMillis  see {@link ImageBuild#buildMillis()}
 * @param pushMillis   see {@link ImageBuild#pushMillis()}
 */
record PushedImage(String digest, int layersPushed, long buildMillis, long pushMillis) {

    PushedImage withPushMillis(long pushMillis) {
        return new PushedImage(this.digest, this.layersPushed, this.buildMillis, pushMillis);
    }

}
