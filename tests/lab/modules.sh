#!/bin/sh
# Loads the kernel modules the lab needs, from the UML kernel's own tree.
#
# The kernel asks /sbin/modprobe for missing modules, which would search the
# host's /lib/modules (another kernel). So modprobe is pointed at
# /usr/lib/uml/modules through a private root, everything is loaded up
# front, and the kernel's on-demand loading is switched off afterwards
# (each helper it spawns costs time under UML, and a late module load in
# the middle of a commit would only hide a missing one here).
#
# Usage: modules.sh   (as root, inside UML; /run is writable)
set -eu
root=/run/modules-root
mkdir -p "$root/lib"
ln -sfn /usr/lib/uml/modules "$root/lib/modules"
printf '#!/bin/sh\nexec /usr/sbin/modprobe -d %s "$@"\n' "$root" >/run/modprobe
chmod 755 /run/modprobe
echo /run/modprobe >/proc/sys/kernel/modprobe
# ip_vti/esp4/xfrm_user: route-based IPsec; veth: the links; the crypto
# behind the lab's proposals (aes, sha1, modp DH in charon's openssl) and
# what the kernel's xfrm needs to build them (authenc, cbc, hmac, seqiv,
# echainiv, drbg for IVs).
modprobe -a -d "$root" cryptomgr crypto_user aes_generic ip_vti esp4 \
  xfrm_user veth hmac sha1_generic sha256_generic sha512_generic cbc \
  authenc gcm ghash-generic seqiv echainiv drbg
echo >/proc/sys/kernel/modprobe
