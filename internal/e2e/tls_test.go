package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/otlp"
)

// TestTLS exports over TLS, gzip-compressed and with headers, to a real
// Collector whose receivers present a certificate for 127.0.0.1, over both
// protocols; without the certificate's CA the export must fail.
func TestTLS(t *testing.T) {
	clearEnv(t)
	col := newCollector(t)
	pool := tlsFiles(t, col.dir)
	example, err := os.ReadFile(col.config)
	if err != nil {
		t.Fatal(err)
	}
	tlsBlock := "\n        tls:\n          cert_file: " + filepath.Join(col.dir, "cert.pem") +
		"\n          key_file: " + filepath.Join(col.dir, "key.pem")
	config := strings.NewReplacer(
		"${env:OTLP_GRPC_ENDPOINT:-127.0.0.1:4317}", "${env:OTLP_GRPC_ENDPOINT:-127.0.0.1:4317}"+tlsBlock,
		"${env:OTLP_HTTP_ENDPOINT:-127.0.0.1:4318}", "${env:OTLP_HTTP_ENDPOINT:-127.0.0.1:4318}"+tlsBlock,
	).Replace(string(example))
	col.config = filepath.Join(col.dir, "tls.yaml")
	if err := os.WriteFile(col.config, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	col.start()

	export := func(protocol otlp.Protocol, addr string, cfg *tls.Config, n int64) error {
		ctx := context.Background()
		mp, shutdown, err := exporters.Setup(ctx, exporters.WithExporters("otlp"), exporters.WithOTLP(
			otlp.WithProtocol(protocol),
			otlp.WithEndpoint("https://"+addr),
			otlp.WithTLS(cfg),
			otlp.WithCompression(true),
			otlp.WithHeaders(map[string]string{"authorization": "Bearer e2e"}),
			otlp.WithRetry(otlp.Retry{}),
		))
		if err != nil {
			t.Fatal(err)
		}
		c, _ := mp.Meter("tls").Int64Counter("tls.exports." + strings.ReplaceAll(string(protocol), "/", "_"))
		c.Add(ctx, n)
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		return shutdown(sctx)
	}
	for _, tc := range []struct {
		protocol otlp.Protocol
		addr     string
	}{{otlp.GRPC, col.grpc}, {otlp.HTTPProtobuf, col.http}} {
		if err := export(tc.protocol, tc.addr, &tls.Config{RootCAs: pool}, 5); err != nil {
			t.Errorf("%s over TLS: %v", tc.protocol, err)
		}
		if err := export(tc.protocol, tc.addr, &tls.Config{RootCAs: x509.NewCertPool()}, 1); err == nil {
			t.Errorf("%s: export succeeded although the certificate is not trusted", tc.protocol)
		}
	}
	for _, name := range []string{"tls.exports.grpc", "tls.exports.http_protobuf"} {
		if !waitFor(10*time.Second, func() bool {
			s, _ := col.received().total(name)
			return s.value == 5
		}) {
			s, _ := col.received().total(name)
			t.Errorf("%s = %v at the collector, want 5\n%s", name, s.value, col.log())
		}
	}
}

// tlsFiles writes a self-signed certificate for 127.0.0.1 and its key to
// dir and returns a pool that trusts it.
func tlsFiles(t *testing.T, dir string) *x509.CertPool {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "streamotel e2e"},
		NotBefore:             time.Now().Add(-time.Minute),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(filepath.Join(dir, "cert.pem"), certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "key.pem"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	return pool
}
