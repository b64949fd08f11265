package org.safemerge.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves {@code group:artifact:version} with its runtime dependencies from the local Maven repository, offline:
 * the kernel never downloads. What is missing is reported with the command that fetches it.
 *
 * <p>The repository is read as a plain directory tree ("simple" layout): every artifact whose files are there
 * counts, whichever remote it came from.
 */
public final class LocalMaven implements AutoCloseable {
    private final Path repository;
    private RepositorySystem system;

    /** @param repository the local repository's root, e.g. {@code ~/.m2/repository} */
    public LocalMaven(Path repository) {
        this.repository = repository.toAbsolutePath().normalize();
    }

    /**
     * @return {@code -Dmaven.repo.local} if set, else {@code ~/.m2/repository}
     */
    public static Path defaultRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** @return the repository this resolver reads */
    public Path repository() {
        return repository;
    }

    /**
     * @param coordinates {@code group:artifact:version} (also {@code group:artifact:extension[:classifier]:version})
     * @return the artifact's jar and those of its compile and runtime dependencies, nearest first
     * @throws IllegalArgumentException for malformed coordinates, or when the artifact or one of its dependencies is
     *         not in the local repository (the message names it and how to fetch it)
     */
    public synchronized List<Path> resolve(String coordinates) {
        DefaultArtifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%maven: bad coordinates '" + coordinates
                    + "', expected group:artifact:version", e);
        }
        if (!Files.isDirectory(repository)) {
            throw new IllegalArgumentException("%maven: the local Maven repository " + repository
                    + " does not exist (set -Dmaven.repo.local in the kernelspec to use another)");
        }
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        try (CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositories(new LocalRepository(repository, "simple"))
                .setOffline(true)
                .setSystemProperties(System.getProperties())
                .build()) {
            CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), List.of());
            DependencyRequest request = new DependencyRequest(collect,
                    DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            return system.resolveDependencies(session, request).getArtifactResults().stream()
                    .map(ArtifactResult::getArtifact)
                    .map(a -> a.getPath().toAbsolutePath())
                    .toList();
        } catch (DependencyResolutionException e) {
            throw new IllegalArgumentException("%maven: " + coordinates + " is not resolvable from the local Maven"
                    + " repository " + repository + " (the kernel works offline): missing " + missingArtifact(e)
                    + ". Fetch it first, e.g. mvn dependency:get -Dartifact=" + coordinates, e);
        }
    }

    private static final Pattern MISSING = Pattern.compile(
            "(?:artifact descriptor for|Could not find artifact|could not be resolved:) ([^\\s,]+)");

    /** The deepest artifact the resolver names in its cause chain: the one actually absent. */
    private static String missingArtifact(Throwable e) {
        String missing = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = MISSING.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                missing = m.group(1);
            }
        }
        return missing != null ? missing : String.valueOf(e.getMessage()).lines().findFirst().orElse("?");
    }

    @Override
    public synchronized void close() {
        if (system != null) {
            system.shutdown();
            system = null;
        }
    }
}
