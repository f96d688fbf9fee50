package uk.gov.northlanarkshire.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.solr.client.api.util.SolrVersion;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Serves a Solr home (solr.xml + cores found by their core.properties) over HTTP at
 * http://127.0.0.1:PORT/solr with Solr's embedded Jetty, in the foreground until SIGTERM.
 *
 * <p>JettySolrRunner always binds its connector to 127.0.0.1 (JettyConfig has no host
 * setting), so the server is never reachable from other machines.
 *
 * <p>Usage: {@code SolrLauncher SOLR_HOME [PORT]}; PORT defaults to $SOLR_PORT, then 8983.
 * Exit status: 0 after a clean stop, 1 if Solr or one of its cores failed to start, 2 on bad usage.
 */
public final class SolrLauncher {
  private static final int DEFAULT_PORT = 8983;
  private static final long CORE_LOAD_TIMEOUT_MS = 120_000L;

  private SolrLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      usage("usage: SolrLauncher SOLR_HOME [PORT]");
    }
    Path home = Path.of(args[0]).toAbsolutePath().normalize();
    if (!Files.isRegularFile(home.resolve("solr.xml"))) {
      usage("error: no solr.xml in " + home);
    }
    int port = port(args.length > 1 ? args[1] : System.getenv("SOLR_PORT"));

    JettyConfig config = JettyConfig.builder()
        .setPort(port)
        .setContext("/solr")
        .stopAtShutdown(false) // our own hook stops Solr, then lets main() return
        .waitForLoadingCoresToFinish(CORE_LOAD_TIMEOUT_MS)
        .build();
    JettySolrRunner solr = new JettySolrRunner(home.toString(), config);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        if (solr.isRunning()) {
          solr.stop();
          System.out.println("Solr stopped");
        }
      } catch (Exception e) {
        System.err.println("error while stopping Solr: " + e);
      } finally {
        stopped.countDown();
      }
    }, "solr-shutdown"));

    try {
      solr.start();
      checkCores(solr.getCoreContainer(), home);
    } catch (Exception e) {
      System.err.println("error: Solr failed to start: " + e.getMessage());
      try {
        solr.stop();
      } catch (Exception ignored) {
        // already failing; the first error is the one to report
      }
      Runtime.getRuntime().halt(1);
    }
    System.out.println("Solr " + SolrVersion.LATEST_STRING + " serving cores "
        + solr.getCoreContainer().getLoadedCoreNames() + " from " + home + " at " + solr.getBaseUrl());
    System.out.flush();
    stopped.await();
  }

  /** Fails with every core's load error (root cause included) if any core did not load. */
  private static void checkCores(CoreContainer cores, Path home) {
    if (cores == null || cores.isShutDown()) {
      throw new IllegalStateException("the core container did not start (see the log above)");
    }
    Map<String, CoreContainer.CoreLoadFailure> failures = cores.getCoreInitFailures();
    if (!failures.isEmpty()) {
      StringBuilder why = new StringBuilder("core(s) failed to load:");
      failures.forEach((name, failure) -> why.append("\n  ").append(name).append(": ")
          .append(rootMessage(failure.exception)));
      throw new IllegalStateException(why.toString());
    }
    if (cores.getLoadedCoreNames().isEmpty()) {
      throw new IllegalStateException("no cores found under " + home + " (no core.properties)");
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (caused by: " + root + ")";
  }

  private static int port(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException("out of range");
      }
      return port;
    } catch (NumberFormatException e) {
      usage("error: bad port '" + value + "' (" + e.getMessage() + ")");
      return -1; // unreachable
    }
  }

  private static void usage(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
