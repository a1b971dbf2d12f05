package dev.apikeys.keycloak.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A form POST sent from a chosen loopback source address (127.0.0.2, ...), so that tests can play clients
 * at different IP addresses on one machine. HTTP/1.1 with Connection: close, enough for Keycloak's token endpoint.
 */
public final class LoopbackHttp {

    private LoopbackHttp() {
    }

    public static HttpResult postForm(String sourceAddress, URI uri, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + payload.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), uri.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            return parse("POST " + uri + " from " + sourceAddress, socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + uri + " from " + sourceAddress + " failed", e);
        }
    }

    private static HttpResult parse(String request, InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String[] headLines = text.substring(0, split).split("\r\n");
        int status = Integer.parseInt(headLines[0].split(" ")[1]);
        String body = text.substring(split + 4);
        boolean chunked = false;
        for (String line : headLines) {
            chunked |= line.toLowerCase().startsWith("transfer-encoding:") && line.toLowerCase().contains("chunked");
        }
        return new HttpResult(request, status, chunked ? dechunk(body) : body,
                java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true));
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int position = 0;
        while (position < body.length()) {
            int lineEnd = body.indexOf("\r\n", position);
            int size = Integer.parseInt(body.substring(position, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            position = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
