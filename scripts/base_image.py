#!/usr/bin/env python3
"""Puts base images made from Debian root file systems into a registry, without a Docker daemon.

  base_image.py push REGISTRY REPOSITORY TAG ARCH ROOTFS_TAR [MARKER]
      one single-platform image: the root file system as one gzip layer, and an image config that
      says linux/ARCH (`docker import --platform` of Docker 20.10 ignores the platform). With MARKER,
      the layer starts with a file /etc/iotdeploy-base-id holding it: a base image no registry or
      engine has seen before, whose layer is as large as the real one (the benchmark's scenario 1).
  base_image.py index REGISTRY REPOSITORY TAG SOURCE_TAG...
      one multi-architecture tag (Docker manifest list) over single-platform images already in
      REPOSITORY; each entry's platform is read from that image's config.

The registry is spoken to over HTTPS, trusting the platform CA ($IOTDEPLOY_STATE/pki/ca.pem), as the
builder iotdeploy-builder (password in $IOTDEPLOY_STATE/secrets/registry-builder.password): reading may be
anonymous, pushing is not.
"""
import gzip
import hashlib
import io
import base64
import json
import os
import shutil
import ssl
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request

MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
CONFIG = "application/vnd.docker.container.image.v1+json"
LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"]


def state_file(*path):
    state = os.environ.get("IOTDEPLOY_STATE")
    if not state:
        sys.exit("base_image.py: set IOTDEPLOY_STATE (the platform's state folder: its CA and registry passwords)")
    return os.path.join(state, *path)


def tls_context():
    return ssl.create_default_context(cafile=state_file("pki", "ca.pem"))


def authorization():
    with open(state_file("secrets", "registry-builder.password")) as secret:
        password = secret.read().strip()
    return "Basic " + base64.b64encode(f"iotdeploy-builder:{password}".encode()).decode()


def request(url, method="GET", accept=None, body=None, content_type=None, length=None):
    req = urllib.request.Request(url, method=method, data=body)
    req.add_header("Authorization", authorization())
    if accept:
        req.add_header("Accept", accept)
    if content_type:
        req.add_header("Content-Type", content_type)
    if length is not None:
        req.add_header("Content-Length", str(length))
    with urllib.request.urlopen(req, timeout=600, context=tls_context()) as resp:
        return resp.headers, resp.read()


def blob_exists(base, digest):
    try:
        request(f"{base}/blobs/{digest}", method="HEAD")
        return True
    except urllib.error.HTTPError:
        return False


def upload_blob(base, registry, digest, path=None, data=None):
    if blob_exists(base, digest):
        return
    headers, _ = request(f"{base}/blobs/uploads/", method="POST", length=0, body=b"")
    location = urllib.parse.urljoin(f"https://{registry}/", headers["Location"])
    location += ("&" if "?" in location else "?") + "digest=" + urllib.parse.quote(digest)
    if path:
        with open(path, "rb") as body:
            request(location, method="PUT", body=body, length=os.path.getsize(path),
                    content_type="application/octet-stream")
    else:
        request(location, method="PUT", body=data, length=len(data), content_type="application/octet-stream")


class HashingWriter:
    """Counts what tarfile writes (the layer's diff id) while gzip compresses it."""

    def __init__(self, target, digest):
        self.target, self.digest = target, digest

    def write(self, data):
        self.digest.update(data)
        return self.target.write(data)


def push(registry, repository, tag, arch, rootfs, marker=None):
    base = f"https://{registry}/v2/{repository}"
    diff = hashlib.sha256()
    with tempfile.NamedTemporaryFile(suffix=".tar.gz", dir=os.path.dirname(rootfs)) as layer:
        with open(rootfs, "rb") as src, gzip.GzipFile(fileobj=layer, mode="wb", mtime=0, compresslevel=6) as gz:
            if marker is None:
                while chunk := src.read(1 << 20):
                    diff.update(chunk)
                    gz.write(chunk)
            else:
                with tarfile.open(fileobj=HashingWriter(gz, diff), mode="w|", format=tarfile.GNU_FORMAT) as out:
                    data = (marker + "\n").encode()
                    info = tarfile.TarInfo("./etc/iotdeploy-base-id")
                    info.size, info.mode = len(data), 0o644
                    out.addfile(info, io.BytesIO(data))
                    with tarfile.open(fileobj=src, mode="r|") as rootfs_tar:
                        for member in rootfs_tar:
                            out.addfile(member, rootfs_tar.extractfile(member) if member.isreg() else None)
        layer.flush()
        digest = hashlib.sha256()
        with open(layer.name, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        layer_digest, layer_size = "sha256:" + digest.hexdigest(), os.path.getsize(layer.name)
        upload_blob(base, registry, layer_digest, path=layer.name)
    java_home = f"/usr/lib/jvm/java-17-openjdk-{arch}"
    config = json.dumps({
        "architecture": arch,
        "os": "linux",
        "created": "1970-01-01T00:00:00Z",
        "config": {"Env": ENV + [f"JAVA_HOME={java_home}"], "Cmd": ["java", "-version"],
                   "Labels": {"org.opencontainers.image.description":
                              "Debian bookworm with OpenJDK 17, made from Debian packages"}},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + diff.hexdigest()]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "debootstrap --variant=minbase bookworm"}],
    }, sort_keys=True).encode()
    config_digest = "sha256:" + hashlib.sha256(config).hexdigest()
    upload_blob(base, registry, config_digest, data=config)
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": MANIFEST,
        "config": {"mediaType": CONFIG, "size": len(config), "digest": config_digest},
        "layers": [{"mediaType": LAYER, "size": layer_size, "digest": layer_digest}],
    }).encode()
    headers, _ = request(f"{base}/manifests/{tag}", method="PUT", body=manifest, content_type=MANIFEST)
    print(f"{registry}/{repository}:{tag} linux/{arch} -> {headers['Docker-Content-Digest']}")


def index(registry, repository, tag, *sources):
    base = f"https://{registry}/v2/{repository}"
    entries = []
    for source in sources:
        headers, body = request(f"{base}/manifests/{source}", accept=MANIFEST)
        manifest = json.loads(body)
        if manifest.get("mediaType") != MANIFEST:
            sys.exit(f"{repository}:{source} is not a single-platform image manifest")
        _, config = request(f"{base}/blobs/{manifest['config']['digest']}")
        config = json.loads(config)
        platform = {"architecture": config["architecture"], "os": config["os"]}
        if config.get("variant"):
            platform["variant"] = config["variant"]
        entries.append({"mediaType": MANIFEST, "size": len(body),
                        "digest": headers["Docker-Content-Digest"], "platform": platform})
    body = json.dumps({"schemaVersion": 2, "mediaType": LIST, "manifests": entries}).encode()
    headers, _ = request(f"{base}/manifests/{tag}", method="PUT", body=body, content_type=LIST)
    print(f"{registry}/{repository}:{tag} -> {headers['Docker-Content-Digest']} "
          f"({', '.join(e['platform']['architecture'] for e in entries)})")


if __name__ == "__main__":
    commands = {"push": (push, 5), "index": (index, 4)}
    if len(sys.argv) < 2 or sys.argv[1] not in commands or len(sys.argv) - 2 < commands[sys.argv[1]][1]:
        sys.exit(__doc__)
    commands[sys.argv[1]][0](*sys.argv[2:])
