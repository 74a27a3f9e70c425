using System;
using System.Collections.Generic;
using ConvexAuthKit.Diagnostics;

namespace ConvexAuthKit.EnvFiles
{
    /// <summary>
    /// Reads env file text the way Node's dotenv <c>parse</c> does (what Vite, Next.js and the Convex CLI use):
    /// no variable expansion, a later assignment of the same name wins, CRLF and a leading BOM are fine.
    /// The differences from Node are listed in DOTENV-COMPAT.md.
    /// </summary>
    public static class DotEnvParser
    {
        /// <summary>
        /// The one name dotenv parses but never returns: it stores values in a plain object, where assigning a
        /// string to <c>__proto__</c> does nothing.
        /// </summary>
        internal const string DroppedName = "__proto__";

        /// <summary>
        /// The variables assigned in <paramref name="text"/> (when a name is assigned twice, the later value, as in Node).
        /// Throws <see cref="ConvexAuthKitException"/> (CAK0004, with the 1-based line) for a line that is neither
        /// blank, a # comment nor an assignment; <paramref name="filePath"/> is only used in that message.
        /// </summary>
        public static IReadOnlyDictionary<string, string> Parse(string text, string? filePath = null)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var assignment in ParseAssignments(EnvTextLine.Split(text), filePath))
                variables[assignment.Name] = assignment.Value;
            return variables;
        }

        internal static IReadOnlyList<EnvAssignment> ParseAssignments(IReadOnlyList<EnvTextLine> lines, string? filePath)
        {
            var raw = DotEnvScanner.Scan(lines, filePath);
            var assignments = new List<EnvAssignment>(raw.Count);
            foreach (var assignment in raw)
            {
                if (assignment.Name == DroppedName)
                    continue;
                assignments.Add(new EnvAssignment(assignment.Name, DotEnvValueDecoder.Decode(assignment.RawValue), assignment.IsExport, assignment.FirstLine, assignment.LastLine));
            }
            return assignments;
        }
    }
}
