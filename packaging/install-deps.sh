#!/bin/sh
# Installs everything routesh needs to build and test on Debian 12.
# Run as root (or through sudo). Debian packages only.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  cmake ninja-build g++ pkg-config make \
  clang-14 libclang-rt-14-dev \
  nlohmann-json3-dev libsqlite3-dev libboost-graph-dev doctest-dev \
  openssh-server openssh-client lintian \
  libreadline-dev libcli11-dev libnl-route-3-dev libnl-3-dev python3 \
  strongswan-charon strongswan-swanctl libcharon-extra-plugins \
  frr frr-pythontools iproute2 \
  user-mode-linux kmod iputils-ping \
  >/dev/null
echo "routesh: build dependencies installed"
