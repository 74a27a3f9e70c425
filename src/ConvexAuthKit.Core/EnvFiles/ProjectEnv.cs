using System;
using System.Collections.Generic;
using System.IO;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// The variables a project sees the way the Convex CLI loads them: <c>.env.local</c>, then <c>.env</c>, the
    /// first file to define a name wins, and a real environment variable wins over both (even when set to "",
    /// since dotenv only skips names that already exist).
    /// </summary>
    public static class ProjectEnv
    {
        /// <summary>The files read, in order of precedence.</summary>
        public static readonly IReadOnlyList<string> FileNames = new[] { ".env.local", ".env" };

        /// <summary>
        /// Every name defined in the project's env files, with the value the CLI would use. Missing files are
        /// skipped; an unreadable or malformed one throws CAK0004.
        /// </summary>
        public static IReadOnlyDictionary<string, string> Load(string projectDir, Func<string, string?> getEnvironmentVariable)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string fileName in FileNames)
            {
                string path = Path.Combine(projectDir, fileName);
                var content = EnvFileReader.Read(path);
                if (!content.Exists)
                    continue;
                foreach (var pair in DotEnvParser.Parse(content.Text, path))
                {
                    if (!variables.ContainsKey(pair.Key))
                        variables[pair.Key] = getEnvironmentVariable(pair.Key) ?? pair.Value;
                }
            }
            return variables;
        }
    }
}
