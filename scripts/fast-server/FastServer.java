import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * mongo-java-server with its in-memory backend on 127.0.0.1, for end-to-end
 * benchmarks (FerretDB is too slow to show the client's work).
 *
 * <p>Usage: {@code java -cp <jars> FastServer [port]} (port 0 or absent: a free one). Prints
 * the connection string as one line on stdout, then serves until it is killed.
 *
 * <p>The built-in MONGO_5_0 reports wire version 8, which the Node driver 7 refuses
 * ("requires at least 9"), so the server claims 6.0.0 with wire version 17.
 */
public final class FastServer {
  private static final MongoVersion MONGO_6_0 =
      new MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
          return List.of(6, 0, 0);
        }

        @Override
        public int getWireVersion() {
          return 17;
        }
      };

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    MongoServer server = new MongoServer(new MemoryBackend().version(MONGO_6_0));
    server.bind("127.0.0.1", port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
    InetSocketAddress address = server.getLocalAddress();
    System.out.println(
        "mongodb://127.0.0.1:" + address.getPort() + "/?directConnection=true");
    System.out.flush();
    Thread.currentThread().join();
  }
}
