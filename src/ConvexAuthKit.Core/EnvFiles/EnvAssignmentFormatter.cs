using System;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Writes the line for <c>NAME=value</c>. The value is written raw, as the Convex CLI does, whenever dotenv
    /// reads it back unchanged (true of client ids, keys, URLs and generated passwords). A value that raw
    /// writing would corrupt (a '#', surrounding blanks, a line break…) is quoted instead, with the first quote
    /// style that reads back exactly; the CLI would write it raw and lose part of it.
    /// </summary>
    internal static class EnvAssignmentFormatter
    {
        public static string Format(string name, string value, bool isExport)
        {
            string prefix = (isExport ? "export " : "") + name + "=";
            foreach (string candidate in new[] { value, "'" + value + "'", "`" + value + "`", "\"" + value + "\"" })
            {
                string line = prefix + candidate;
                if (ReadsBackAs(line, name, value))
                    return line;
            }
            throw new ArgumentException($"The value for {name} cannot be written to an env file in a form dotenv reads back unchanged.", nameof(value));
        }

        private static bool ReadsBackAs(string line, string name, string value)
        {
            try
            {
                var assignments = DotEnvParser.ParseAssignments(EnvTextLine.Split(line), filePath: null);
                return assignments.Count == 1 && assignments[0].Name == name && assignments[0].Value == value;
            }
            catch (ConvexAuthKitException)
            {
                return false; // a raw line break leaves a second line that is not an assignment
            }
        }
    }
}
