package dev.apikeys.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The Markdown rules of {@link DocsShellIT}, checked without a server, so a broken page fails the unit tests. */
final class DocsBlocksTest {

    @Test
    void everyPageParses() throws IOException {
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path page : Stream.concat(Stream.of(Path.of("README.md")), docs).toList()) {
                DocsShellIT.blocks(page);
            }
        }
    }

    @Test
    void aFenceWithTextAfterItIsRefused(@TempDir Path dir) throws IOException {
        Path page = Files.writeString(dir.resolve("page.md"), """
                ```sh
                lastmail() { :; }
                ``` The client scopes
                carry the key permissions.

                ```sh
                otp() { :; }
                ```
                """);
        AssertionFailedError refused = assertThrows(AssertionFailedError.class, () -> DocsShellIT.blocks(page));
        assertTrue(refused.getMessage().contains("does not close the block"), refused.getMessage());
    }

    @Test
    void shellBlocksInAnotherDialectAreRefused(@TempDir Path dir) throws IOException {
        Path page = Files.writeString(dir.resolve("page.md"), "```bash\necho hi\n```\n");
        assertThrows(AssertionFailedError.class, () -> DocsShellIT.blocks(page));
    }

    @Test
    void runnableAndSkippedBlocksAreTold(@TempDir Path dir) throws IOException {
        Path page = Files.writeString(dir.resolve("page.md"), "```sh\necho run\n```\n\n```sh no-run\nmvn x\n```\n\n```json\n{}\n```\n");
        assertEquals(List.of("sh", "sh no-run"), DocsShellIT.blocks(page).stream().map(DocsShellIT.Block::info).toList());
    }
}
