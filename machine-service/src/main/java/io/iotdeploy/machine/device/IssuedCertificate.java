package io.iotdeploy.machine.device;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A server certificate just issued for a device, with its private key: handed to the device's owner once, in the
 * TLS bundle, and then forgotten. Only {@link #summary()} is stored.
 *
 * @param caPem the CA that signed it, which the device trusts for its clients
 */
record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, String certificatePem, String keyPem,
        String caPem, Device.TlsCertificate summary) {

    @Override
    public String toString() {
        // never the key, wherever this ends up
        return "IssuedCertificate[serial=" + this.summary.serial() + ", expiresAt=" + this.summary.expiresAt() + "]";
    }

}
