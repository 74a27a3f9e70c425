using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ConvexAuthKit.Caching
{
    /// <summary>
    /// obj/ConvexAuthKit.succeeded.txt: the output of the ConvexAuthKitProvision target, so MSBuild itself can skip the
    /// target (and never load the task) when no input is newer. It exists only after a successful Apply run (or a
    /// no-op from the cache) and is touched by each, so it is newer than every input that run saw; a run that starts
    /// deletes it, so a failed or killed run leaves none. Its lines tell the targets what timestamps cannot:
    /// <c>env:&lt;NAME&gt;</c> for each environment variable the run read (the targets stamp their values) and
    /// <c>secret:&lt;NAME&gt;</c> for one that may hold a secret (when set, the targets never skip: its value must not
    /// reach a stamp, property or log); names only, never a value. Beside it, <see cref="AbsentListFile"/> lists the
    /// files the run looked for and did not find, one absolute path per line: creating one must make the target run,
    /// and MSBuild's Inputs cannot see a missing file.
    /// </summary>
    public static class SuccessMarker
    {
        /// <summary>Environment variables that hold credentials, whatever their name says.</summary>
        private static readonly string[] SecretNames = { "CONVEX_DEPLOY_KEY", "CONVEX_DEPLOYMENT_TOKEN", "CONVEX_OVERRIDE_ACCESS_TOKEN" };
        private static readonly string[] SecretWords = { "KEY", "TOKEN", "SECRET", "PASSWORD" };

        /// <summary>True for a name whose value the targets must never read: WORKOS_*, the Convex credentials, and any *KEY*, *TOKEN*, *SECRET*, *PASSWORD*.</summary>
        public static bool IsSecretName(string name)
        {
            var upper = name.ToUpperInvariant();
            if (upper.StartsWith("WORKOS_", StringComparison.Ordinal) || Array.IndexOf(SecretNames, upper) >= 0)
                return true;
            foreach (var word in SecretWords)
            {
                if (upper.IndexOf(word, StringComparison.Ordinal) >= 0)
                    return true;
            }
            return false;
        }

        /// <summary>The list of files the run looked for and did not find, beside the marker (x.succeeded.txt: x.succeeded.absent.txt).</summary>
        public static string AbsentListFile(string markerFile) => Path.ChangeExtension(markerFile, ".absent.txt");

        /// <summary>The marker's text; null when a name could not be handed to MSBuild safely (then there must be no marker).</summary>
        public static string? Render(CacheRecord record)
        {
            var env = new SortedSet<string>(StringComparer.Ordinal);
            var secret = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var input in record.EnvironmentVariables)
            {
                var name = input.Name;
                // The targets put the name inside a property function; anything but letters, digits and _ could break it.
                if (!IsPlainName(name))
                    return null;
                (IsSecretName(name) ? secret : env).Add(name);
            }
            var text = new StringBuilder();
            foreach (var name in env)
                text.Append("env:").Append(name).Append('\n');
            foreach (var name in secret)
                text.Append("secret:").Append(name).Append('\n');
            return text.ToString();
        }

        public static string RenderAbsent(CacheRecord record)
        {
            var text = new StringBuilder();
            foreach (var file in record.Files)
            {
                if (file.IsAbsent)
                    text.Append(file.Path).Append('\n');
            }
            return text.ToString();
        }

        private static bool IsPlainName(string name)
        {
            if (name.Length == 0)
                return false;
            foreach (var c in name)
            {
                if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                    return false;
            }
            return true;
        }

        /// <summary>
        /// After a success: writes the marker for <paramref name="record"/>, or only moves its timestamp to now when it
        /// already holds that text. Best effort: when it cannot, the marker is deleted (the next build runs the task).
        /// </summary>
        public static void Write(string path, CacheRecord record)
        {
            var text = Render(record);
            if (text == null)
            {
                Delete(path);
                return;
            }
            try
            {
                // First the absent list, so the marker is never older than it.
                ObjFile.WriteTextIfDifferent(AbsentListFile(path), RenderAbsent(record));
                if (File.Exists(path) && string.Equals(File.ReadAllText(path), text, StringComparison.Ordinal))
                {
                    File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
                    return;
                }
                ObjFile.WriteTextIfDifferent(path, text);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                Delete(path);
            }
        }

        /// <summary>Before a run that may change something, and after any that did not succeed. Never throws.</summary>
        public static void Delete(string? path)
        {
            if (path == null)
                return;
            try
            {
                if (File.Exists(path))
                    File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                // Rare (obj/ not writable): the failure is reported by the run itself, which also failed to record it.
            }
        }
    }
}
