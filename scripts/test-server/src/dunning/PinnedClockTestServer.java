package dunning;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.time.Instant;

/**
 * Starts the official Temporal test server (io.temporal:temporal-test-server) exactly as its own
 * TestServer.main does, with one more flag: --initial-time <ISO-8601 instant>, the server clock at
 * start. The stock launcher always starts at the wall clock, so tests that travel to fixed calendar
 * dates would break once the wall clock passes them; with a pinned start they never depend on the
 * day the suite runs. The library's own TestServicesStarter takes the initial time; only main lacks it.
 *
 * Usage: <port> [--enable-time-skipping] [--initial-time 2027-01-01T00:00:00Z]
 */
public final class PinnedClockTestServer {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: <port> [--enable-time-skipping] [--initial-time <ISO-8601 instant>]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    boolean timeSkipping = false;
    long initialTimeMillis = 0; // 0: the library's default, the wall clock
    for (int i = 1; i < args.length; i++) {
      if ("--enable-time-skipping".equalsIgnoreCase(args[i])) {
        timeSkipping = true;
      } else if ("--initial-time".equals(args[i]) && i + 1 < args.length) {
        initialTimeMillis = Instant.parse(args[++i]).toEpochMilli();
      } else {
        System.err.println("Unknown flag " + args[i]);
        System.exit(2);
      }
    }
    TestServicesStarter services = new TestServicesStarter(!timeSkipping, initialTimeMillis);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  services.close();
                  server.shutdownNow();
                }));
    server.awaitTermination();
  }
}
