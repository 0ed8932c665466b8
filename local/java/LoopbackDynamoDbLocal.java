import java.lang.reflect.Field;

/**
 * Starts AWS's DynamoDB Local listening on 127.0.0.1 only. Its own entry point
 * (ServerRunner) has no host option and its Jetty server listens on every interface,
 * which would put the local stack's data on the network. This builds the server from
 * the same command-line options as ServerRunner does, sets the host of Jetty's
 * connectors to loopback before anything listens, and starts it. Reflection only, so
 * it compiles against nothing but the JDK; run from source (`java <this file>`) by
 * local/dynamodb.ts with DynamoDBLocal.jar on the class path. It does not configure
 * DynamoDB Local's telemetry, so none is sent.
 */
public final class LoopbackDynamoDbLocal {
  private LoopbackDynamoDbLocal() {}

  public static void main(String[] args) throws Exception {
    Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    Field field = proxy.getClass().getDeclaredField("server");
    field.setAccessible(true);
    Object server = field.get(proxy);
    Object[] connectors = (Object[]) server.getClass().getMethod("getConnectors").invoke(server);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind to 127.0.0.1");
    for (Object connector : connectors) connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
    proxy.getClass().getMethod("start").invoke(proxy);
    System.out.println("DynamoDB Local listening on 127.0.0.1 only");
  }
}
