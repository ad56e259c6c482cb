#!/bin/sh
# Creates the lab's test CA, the API server's certificate and a client
# certificate, once per run directory (kept across restarts so kubeconfigs
# and pinned CAs stay valid). ECDSA P-256 keys: fast to generate, and both
# Go (kubectl) and BoringSSL (NIOSSL) accept them. Only long-standing
# openssl commands are used, so LibreSSL on macOS works too.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
umask 077
if [ -s ca.crt ] && [ -s server.crt ] && [ -s client.crt ]; then
    exit 0
fi
cat >openssl.cnf <<'CNF'
[req]
distinguished_name = dn
[dn]
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier = keyid
[client_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
CNF

key() { openssl ecparam -genkey -name prime256v1 -noout -out "$1"; }

# leaf NAME SUBJECT EXTENSIONS
leaf() {
    key "$1.key"
    openssl req -new -key "$1.key" -subj "$2" -config openssl.cnf -out "$1.csr"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 8)" \
        -days 825 -extfile openssl.cnf -extensions "$3" -out "$1.crt" 2>/dev/null
    rm -f "$1.csr"
}

key ca.key
openssl req -x509 -new -key ca.key -subj "/CN=infratop-lab-ca" -days 3650 -config openssl.cnf \
    -extensions ca_ext -out ca.crt
leaf server "/CN=kube-apiserver" server_ext
# The API server reads the user from CN and groups from O.
leaf client "/O=lab:operators/CN=lab-cert-operator" client_ext
rm -f openssl.cnf
chmod 644 ca.crt server.crt client.crt
