package dev.socketsuite.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * What ties the Dockerfile to the rest without building it ({@link ImageTest} builds and runs
 * it): the bases are build arguments, the image's scripts know exactly the suite's services,
 * and every manifest runs the one image with its service's name as the argument.
 */
class DockerfileTest {

    private static final Pattern MAIN_CLASS = Pattern.compile("<mainClass>([\\w.]+)</mainClass>");
    private static final Pattern SERVICES_LINE = Pattern.compile("^services=\"([a-z -]+)\"$", Pattern.MULTILINE);

    @Test
    void theBasesAreBuildArgumentsWithPublicDefaults() throws IOException {
        var dockerfile = Files.readString(Manifests.ROOT.resolve("Dockerfile"));
        for (var base : List.of("BUILD_IMAGE", "RUNTIME_IMAGE")) {
            assertTrue(Pattern.compile("^ARG " + base + "=[a-z0-9./-]+:[a-z0-9.-]+$", Pattern.MULTILINE).matcher(dockerfile).find(),
                    base + " has no public default");
            assertTrue(dockerfile.contains("FROM ${" + base + "}"), "no stage is built FROM ${" + base + "}");
        }
        assertTrue(Pattern.compile("^USER \\d+:\\d+$", Pattern.MULTILINE).matcher(dockerfile).find(),
                "the image must run as a numeric non-root user");
        // Nothing amd64-only, so docker buildx --platform linux/arm64 works.
        for (var archSpecific : List.of("amd64", "x86_64", "x64")) {
            assertTrue(!dockerfile.contains(archSpecific), "the Dockerfile names " + archSpecific);
        }
    }

    @Test
    void theImageScriptsKnowExactlyTheSuitesServices() throws IOException {
        for (var script : List.of("image/entrypoint.sh", "image/assemble.sh")) {
            var matcher = SERVICES_LINE.matcher(Files.readString(Manifests.ROOT.resolve(script)));
            assertTrue(matcher.find(), script + " has no services=\"...\" line");
            assertEquals(Manifests.SERVICES, List.of(matcher.group(1).split(" ")), script);
        }
    }

    /** The image runs each service by its main class, on the class path all six share. */
    @Test
    void theEntrypointStartsEachServiceByItsJarsMainClass() throws IOException {
        var entrypoint = Files.readString(Manifests.ROOT.resolve("image/entrypoint.sh"));
        for (var service : Manifests.SERVICES) {
            var pom = Files.readString(Manifests.ROOT.resolve("services/" + service + "/pom.xml"));
            var mainClass = MAIN_CLASS.matcher(pom);
            assertTrue(mainClass.find(), service + "'s pom names no mainClass");
            assertTrue(entrypoint.contains("    " + service + ") main=" + mainClass.group(1) + " ;;"),
                    "image/entrypoint.sh does not start " + service + " with " + mainClass.group(1));
        }
    }

    @Test
    void everyManifestRunsTheOneImageWithItsServicesName() {
        var seen = new ArrayList<String>();
        for (var deployment : Manifests.ofKind(Manifests.render(Manifests.ROOT.resolve("k8s/base")), "Deployment")) {
            for (var container : Manifests.list(Manifests.podSpec(deployment), "containers")) {
                assertEquals("socket-suite", container.get("image"), Manifests.name(deployment));
            }
            var service = Manifests.serviceContainer(deployment);
            assertEquals(List.of(Manifests.name(deployment)), service.get("args"), Manifests.name(deployment));
            seen.add(Manifests.name(deployment));
        }
        assertEquals(Manifests.SERVICES.stream().sorted().toList(), seen.stream().sorted().toList());
    }
}
