package io.github.twofold.sms.twilio;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.exception.ApiConnectionException;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A vendor that takes the request and never answers is reported as a timeout, every time: the
 * watchdog that ends the call closes its socket, and the read it interrupts must not be taken for
 * a broken connection (which the log and the failover event would then name).
 */
class TwilioHttpClientTest {

    private ServerSocket silent;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket socket = silent.accept();
                    held.add(socket);
                    Thread reader = new Thread(() -> drain(socket));
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void drain(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client went away
        }
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    /**
     * On a busy machine (threads that keep the cores busy, as a loaded server's do) the watchdog's
     * thread can be paused between closing the socket and finishing its task, and it can close a
     * connection that is still being opened. Before the fix most runs of this test saw a call
     * reported as "connection failed: SocketException" or ending in HttpURLConnection's own
     * NullPointerException.
     */
    @Test
    void aVendorThatNeverAnswersIsATimeoutEveryTimeOnABusyMachine() throws InterruptedException {
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors() + 2; i++) {
            Thread spinner = new Thread(() -> {
                while (!done.get()) {
                    Thread.onSpinWait();
                }
            });
            spinner.setDaemon(true);
            spinner.start();
            busy.add(spinner);
        }
        try {
            TwilioHttpClient client = new TwilioHttpClient("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofMillis(20));
            for (int i = 0; i < 600; i++) {
                Request request = new Request(HttpMethod.POST, "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json");
                request.addPostParam("To", "+4915112345678");
                request.addPostParam("Body", "123456");
                assertThatThrownBy(() -> client.makeRequest(request)).as("call %d", i)
                        .isInstanceOf(ApiConnectionException.class).hasMessage("timeout after 20 ms");
            }
        } finally {
            done.set(true);
            for (Thread spinner : busy) {
                spinner.join();
            }
        }
    }
}
