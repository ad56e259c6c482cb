#!/bin/sh
# Creates the lab's test CA, the API server's certificate and a client
# certificate, once per run directory (kept across restarts so kubeconfigs
# and pinned CAs stay valid). ECDSA P-256 keys: fast to generate, and both
# Go (kubectl) and BoringSSL (NIOSSL) accept them.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
umask 077
if [ -s ca.crt ] && [ -s server.crt ] && [ -s client.crt ]; then
    exit 0
fi
curve="-newkey ec -pkeyopt ec_paramgen_curve:P-256"
openssl req -x509 $curve -nodes -days 3650 -keyout ca.key -out ca.crt \
    -subj "/CN=infratop-lab-ca" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
openssl req -x509 $curve -nodes -days 825 -keyout server.key -out server.crt \
    -CA ca.crt -CAkey ca.key -subj "/CN=kube-apiserver" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -addext "basicConstraints=critical,CA:FALSE" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment" \
    -addext "extendedKeyUsage=serverAuth" 2>/dev/null
# The API server reads the user from CN and groups from O.
openssl req -x509 $curve -nodes -days 825 -keyout client.key -out client.crt \
    -CA ca.crt -CAkey ca.key -subj "/O=lab:operators/CN=lab-cert-operator" \
    -addext "basicConstraints=critical,CA:FALSE" \
    -addext "keyUsage=critical,digitalSignature,keyEncipherment" \
    -addext "extendedKeyUsage=clientAuth" 2>/dev/null
chmod 644 ca.crt server.crt client.crt
