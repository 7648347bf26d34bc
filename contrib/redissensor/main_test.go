package redissensor_test

import (
	"os"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/logging"
)

func TestMain(m *testing.M) {
	// The dial failures of TestServerStops are expected: keep them out of
	// the test log.
	redis.SetLogger(&logging.VoidLogger{})
	os.Exit(m.Run())
}
