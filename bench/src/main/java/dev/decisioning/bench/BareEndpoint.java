package dev.decisioning.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;

/**
 * The HTTP floor: a Vert.x endpoint that reads the request body and answers a fixed JSON of the size a decision
 * answer has. Anything our decision endpoint costs beyond this is rules and mapping.
 */
final class BareEndpoint extends VerticleBase {
    private final int port;
    private final Buffer answer;

    BareEndpoint(int port, Buffer answer) {
        this.port = port;
        this.answer = answer;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
                request.response().putHeader("content-type", "application/json").end(answer))).listen(port);
    }
}
