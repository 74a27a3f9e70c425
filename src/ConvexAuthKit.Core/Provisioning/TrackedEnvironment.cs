using System;
using ConvexAuthKit.Caching;
using ConvexAuthKit.EnvFiles;

namespace ConvexAuthKit.Provisioning
{
    /// <summary>
    /// The build environment as the Convex CLI sees it, with every name read recorded as a cache input: real
    /// environment variables first, then <c>.env.local</c>, then <c>.env</c> of the frontend folder.
    /// </summary>
    internal static class TrackedEnvironment
    {
        public static Func<string, string?> WithEnvFiles(string frontendDir, Func<string, string?> environment, InputTracker inputs)
        {
            var fromFiles = ProjectEnv.Load(frontendDir, environment);
            return name =>
            {
                var real = environment(name);
                inputs.Environment(name, real);
                if (real != null)
                    return real;
                return fromFiles.TryGetValue(name, out var value) ? value : null;
            };
        }
    }
}
