package dunning;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One JVM that starts the official Temporal test server (the library's own TestServicesStarter, as
 * TestServer.main does) on demand, so a test suite pays for the JVM once instead of once per test.
 * The Temporal SDK gives a spawned test server 5 s to answer: on a loaded 2-core machine a cold JVM
 * misses that, which is what made the suite flaky under load.
 *
 * Protocol, one TCP connection on 127.0.0.1 per server: the client writes
 * "start <port> [--enable-time-skipping] [--initial-time <ISO instant>]\n", the daemon answers
 * "ok\n" once the server listens (or "error <why>\n"), and stops that server when the connection
 * closes (the client process ended, however it ended). Prints "ready <control port>" on start.
 */
public final class TestServerDaemon {
  public static void main(String[] args) throws Exception {
    int controlPort = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    ServerSocket control = new ServerSocket(controlPort, 50, InetAddress.getLoopbackAddress());
    System.out.println("ready " + control.getLocalPort());
    System.out.flush();
    for (; ; ) {
      Socket client = control.accept();
      Thread t = new Thread(() -> serve(client), "test-server-" + client.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  private static void serve(Socket client) {
    TestServicesStarter services = null;
    Server server = null;
    try (client;
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8)) {
      String line = in.readLine();
      String[] words = line == null ? new String[0] : line.trim().split("\\s+");
      if (words.length < 2 || !"start".equals(words[0])) {
        out.write("error expected: start <port> [flags]\n");
        out.flush();
        return;
      }
      int port = Integer.parseInt(words[1]);
      boolean timeSkipping = false;
      long initialTimeMillis = 0;
      for (int i = 2; i < words.length; i++) {
        if ("--enable-time-skipping".equalsIgnoreCase(words[i])) timeSkipping = true;
        else if ("--initial-time".equals(words[i]) && i + 1 < words.length) initialTimeMillis = Instant.parse(words[++i]).toEpochMilli();
        else throw new IllegalArgumentException("unknown flag " + words[i]);
      }
      services = new TestServicesStarter(!timeSkipping, initialTimeMillis);
      ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
      GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
      server = builder.build().start();
      out.write("ok\n");
      out.flush();
      // Hold the server until the client goes away.
      while (in.readLine() != null) {
        // nothing is expected after start
      }
    } catch (Exception e) {
      try {
        client.getOutputStream().write(("error " + e + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (Exception ignored) {
        // the client is gone
      }
    } finally {
      if (server != null) server.shutdownNow();
      if (services != null) services.close();
    }
  }
}
