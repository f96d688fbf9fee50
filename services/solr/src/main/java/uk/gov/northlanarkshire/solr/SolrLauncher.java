package uk.gov.northlanarkshire.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Serves a Solr home (solr.xml + cores with core.properties) over HTTP on
 * 127.0.0.1:PORT/solr with Solr's own embedded Jetty, until SIGTERM.
 *
 * Usage: SolrLauncher SOLR_HOME [PORT]
 */
public final class SolrLauncher {
  private SolrLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SolrLauncher SOLR_HOME [PORT]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    if (!Files.isRegularFile(home.resolve("solr.xml"))) {
      System.err.println("error: no solr.xml in " + home);
      System.exit(2);
    }
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8983;
    JettyConfig config = JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(false).build();
    JettySolrRunner solr = new JettySolrRunner(home.toString(), config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        solr.stop();
      } catch (Exception e) {
        System.err.println("error while stopping Solr: " + e);
      } finally {
        stopped.countDown();
      }
    }, "solr-shutdown"));
    try {
      solr.start();
      if (solr.getCoreContainer() == null || solr.getCoreContainer().isShutDown()) {
        throw new IllegalStateException("Solr's core container did not start (see the log above)");
      }
    } catch (Exception e) {
      System.err.println("error: Solr failed to start: " + e);
      Runtime.getRuntime().halt(1);
    }
    System.out.println("Solr " + org.apache.solr.core.SolrCore.version + " serving " + home
        + " at " + solr.getBaseUrl());
    stopped.await();
  }
}
