package dev.socketsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs in CI, so the image cannot be built here; instead every path the
 * Dockerfile copies out of the build stage must exist after {@code mvn package}, for every
 * service, and the manifests may name only images this Dockerfile builds.
 */
class DockerfileTest {

    private static final Pattern COPY_FROM_BUILD = Pattern.compile("^COPY --from=build /src/(\\S+) (\\S+)$", Pattern.MULTILINE);

    @Test
    void everyPathCopiedFromTheBuildStageExistsForEveryService() throws IOException {
        var dockerfile = Files.readString(Manifests.ROOT.resolve("Dockerfile"));
        var matcher = COPY_FROM_BUILD.matcher(dockerfile);
        var sources = new ArrayList<String>();
        while (matcher.find()) {
            sources.add(matcher.group(1));
        }
        assertTrue(sources.size() >= 2, "no COPY --from=build lines found");
        for (var service : Manifests.SERVICES) {
            for (var source : sources) {
                var path = Manifests.ROOT.resolve(source.replace("${SERVICE}", service));
                assertTrue(Files.exists(path), "Dockerfile copies " + path + ", which the build does not produce");
            }
        }
        assertTrue(dockerfile.contains("\"-jar\", \"/app/app.jar\""), "the entrypoint runs a jar the image does not hold");
        assertTrue(Pattern.compile("^USER \\d+:\\d+$", Pattern.MULTILINE).matcher(dockerfile).find(),
                "the image must run as a numeric non-root user");
    }

    @Test
    void theManifestsUseOnlyImagesThisDockerfileBuilds() {
        var images = new HashSet<String>();
        for (var deployment : Manifests.ofKind(Manifests.render(Manifests.ROOT.resolve("k8s/base")), "Deployment")) {
            for (var container : Manifests.list(Manifests.podSpec(deployment), "containers")) {
                images.add((String) container.get("image"));
            }
        }
        var built = new HashSet<String>();
        Manifests.SERVICES.forEach(service -> built.add("socket-suite/" + service));
        assertEquals(built, images);
    }
}
