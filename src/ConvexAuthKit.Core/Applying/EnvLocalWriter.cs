using System.Collections.Generic;
using ConvexAuthKit.Api;
using ConvexAuthKit.EnvFiles;
using ConvexAuthKit.Planning;

namespace ConvexAuthKit.Applying
{
    /// <summary>
    /// Applies the planned .env.local lines to the document read by the inspection, byte-exact, and saves it
    /// atomically (or, in a read-only run, only says what it would write). Returns the action for the summary, or null
    /// when every line was already there.
    /// </summary>
    internal static class EnvLocalWriter
    {
        /// <param name="envLocalName">The file's name for the summary (relative to the project).</param>
        public static string? Write(EnvFileDocument envLocal, IReadOnlyList<EnvWrite> writes, string envLocalName, bool save, SecretScrubber scrubber)
        {
            var written = new List<string>();
            var placeholders = new List<string>();
            foreach (var write in writes)
            {
                if (write.IsSecret)
                    scrubber.Track(write.Value);
                if (envLocal.Set(write.Name, write.Value, write.Comment) != EnvEdit.Unchanged)
                {
                    written.Add(write.Name);
                    if (write.ReplacesPlaceholder)
                        placeholders.Add(write.Name);
                }
            }
            if (!envLocal.IsModified)
                return null;
            var what = $"{string.Join(", ", written)} to {envLocalName}";
            // The CLI leaves template placeholders in place (and the app broken); we replace them, and say so.
            if (placeholders.Count > 0)
                what += $" (replacing the placeholder value{(placeholders.Count == 1 ? "" : "s")} of {string.Join(", ", placeholders)})";
            if (!save)
                return "would write " + what;
            envLocal.Save();
            return "wrote " + what;
        }
    }
}
