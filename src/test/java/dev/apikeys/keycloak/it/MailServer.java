package dev.apikeys.keycloak.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a free port of this machine, one per test JVM, that the test realms send their
 * mail to through their own SMTP settings.
 */
public final class MailServer {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LINK = Pattern.compile("https?://\\S+/api-keys/addresses/confirm\\?key=[A-Za-z0-9._-]+");
    private static MailServer running;

    private final GreenMail mail;

    private MailServer(GreenMail mail) {
        this.mail = mail;
    }

    public static synchronized MailServer get() {
        if (running == null) {
            try {
                int port = DistributionServer.freePorts(1)[0];
                GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
                mail.start();
                running = new MailServer(mail);
                Runtime.getRuntime().addShutdownHook(new Thread(mail::stop, "mail-server-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return running;
    }

    /** A realm's SMTP settings for this server. */
    public Map<String, String> smtpSettings() {
        return Map.of("host", "127.0.0.1", "port", Integer.toString(mail.getSmtp().getPort()),
                "from", "keycloak@example.test", "fromDisplayName", "Keycloak", "auth", "false", "ssl", "false",
                "starttls", "false");
    }

    /** A mail as a person reads it. */
    public record Mail(String to, String subject, String text, String html) {

        /** The confirmation link in the mail's text. */
        public String link() {
            Matcher matcher = LINK.matcher(text);
            if (!matcher.find()) {
                throw new AssertionError("no confirmation link in the mail: " + text);
            }
            return matcher.group();
        }
    }

    /** Every mail to the address so far. */
    List<Mail> to(String address) {
        List<Mail> found = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            Mail read = read(message);
            if (read.to().equalsIgnoreCase(address)) {
                found.add(read);
            }
        }
        return found;
    }

    /** Waits for the {@code count}th mail to the address (1 is the first) and returns it. */
    public Mail await(String address, int count) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<Mail> received = to(address);
            if (received.size() >= count) {
                return received.get(count - 1);
            }
            Pause.of(Duration.ofMillis(100));
        }
        throw new AssertionError("mail number " + count + " to " + address + " did not arrive within " + WAIT.toSeconds()
                + " s; received " + to(address).size());
    }

    private static Mail read(MimeMessage message) {
        try {
            String to = Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString)
                    .findFirst().orElse("");
            String[] parts = {"", ""};
            collect(message.getContent(), message.getContentType(), parts);
            return new Mail(to, message.getSubject(), parts[0], parts[1]);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("a received mail cannot be read", e);
        }
    }

    private static void collect(Object content, String type, String[] parts) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                collect(part.getContent(), part.getContentType(), parts);
            }
        } else if (content instanceof String text) {
            parts[type.toLowerCase().startsWith("text/html") ? 1 : 0] += text;
        }
    }
}
