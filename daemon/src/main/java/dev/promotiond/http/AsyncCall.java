package dev.promotiond.http;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/**
 * An OkHttp call as a future that always completes: with what {@code answer} read from the response
 * (closed afterwards), or with what {@code failed} makes of an I/O failure, in transport or while
 * reading. Cancelling the future cancels the call, so a caller that gives up frees the connection.
 */
public final class AsyncCall {
    private AsyncCall() {
    }

    /** Reads a response into the caller's result; an IOException goes to the failure mapping. */
    @FunctionalInterface
    public interface Answer<T> {
        T read(Response response) throws IOException;
    }

    public static <T> CompletableFuture<T> enqueue(Call call, Answer<T> answer, Function<IOException, T> failed) {
        CompletableFuture<T> result = new CompletableFuture<>();
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.complete(failed.apply(e));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    result.complete(answer.read(response));
                } catch (IOException e) {
                    result.complete(failed.apply(e));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e); // the caller's reader failed: never leave it waiting
                }
            }
        });
        return result;
    }
}
